import { ArtifactServiceClientJSON } from '@actions/artifact/lib/generated';

/**
 * act 0.2.89 signs its artifact upload URLs with a padded base64 `sig`; the
 * Azure SDK that @actions/artifact uploads with splits query parameters at
 * every `=` and drops the padding, so act answers 401. Percent-encoding the
 * padding keeps the signature intact (act decodes it back). Only the URL act
 * hands out changes; the upload itself is the library's.
 */
export function keepActUploadSignatures(): void {
  const create = ArtifactServiceClientJSON.prototype.CreateArtifact;
  ArtifactServiceClientJSON.prototype.CreateArtifact = async function (this: ArtifactServiceClientJSON, request) {
    const response = await create.call(this, request);
    const signedUploadUrl = response.signedUploadUrl.replace(/([?&]sig=[^&=]*)(=+)(?=&|$)/, (_all, sig: string, padding: string) => sig + '%3D'.repeat(padding.length));
    return { ...response, signedUploadUrl };
  };
}
