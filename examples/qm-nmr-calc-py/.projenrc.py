"""The qm-nmr-calc repository as a Python projen project: the same two images
as examples/qm-nmr-calc/.projenrc.ts, published to GHCR for amd64 and arm64."""
from projen import Project
from projen.github import GitHub, GitHubOptions
from projen.python import Projenrc

from projen_multiarch_publisher import (
    BuildStrategy,
    ImageOptions,
    MultiArchImagePublisher,
    Platform,
    PlatformOverride,
    Registry,
    TagRule,
    TriggerOptions,
)

project = Project(name="qm-nmr-calc")
Projenrc(project)  # `npx projen` runs this file with python
GitHub(project, pull_request_lint=False)
project.gitignore.exclude(".venv/")

MultiArchImagePublisher(
    project,
    workflow_name="publish-images",
    triggers=TriggerOptions(tags=["v*"], workflow_dispatch=True),
    registries=[Registry.ghcr()],
    # `latest` comes from metadata-action's default flavor (latest=auto) on the highest release.
    tags=[TagRule.semver("{{version}}"), TagRule.semver("{{major}}.{{minor}}")],
    images=[
        # Small image: both platforms in one job under QEMU.
        ImageOptions(name="qm-nmr-calc-api", dockerfile="Dockerfile.api", strategy=BuildStrategy.EMULATED),
        # 2.1 GB image: each platform on its own native runner, then merged.
        ImageOptions(
            name="qm-nmr-calc-worker",
            dockerfile="Dockerfile.worker",
            platforms=[Platform.LINUX_AMD64, Platform.LINUX_ARM64],
            platform_overrides=[PlatformOverride(platform=Platform.LINUX_ARM64, dockerfile="Dockerfile.worker.arm64")],
        ),
    ],
)

project.synth()
