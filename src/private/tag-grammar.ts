/**
 * The tag grammar of the distribution spec, applied to what users write into
 * tag rules: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. metadata-action templates
 * (`{{version}}`, `{{date 'YYYYMMDD'}}`) and workflow expressions
 * (`${{ github.run_number }}`) are filled in at run time, so each counts as
 * one valid character here and the length is only checked without them.
 */

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;
const TEMPLATE = /\{\{[\s\S]*?\}\}/g;
const TAG_CHARACTERS = /^[A-Za-z0-9_.-]*$/;
const TAG_START = /^[A-Za-z0-9_]/;
const MAX_TAG_LENGTH = 128;

/** Where a piece of text goes in a tag. */
export enum TagPart {
  /** A whole tag, e.g. a raw value or a semver pattern. */
  WHOLE = 'a tag',
  /** The start of a tag. */
  PREFIX = 'a tag prefix',
  /** The middle or end of a tag (a suffix, or a value after a prefix). */
  REST = 'part of a tag',
}

/** Returns why `text` cannot be `part` of a tag, or undefined when it can. */
export function tagTextProblem(text: string, part: TagPart): string | undefined {
  const literal = text.replace(EXPRESSION, 'x').replace(TEMPLATE, 'x');
  const templated = literal !== text;
  const allowed = 'tags use letters, digits, "_", "." and "-" (not first), at most 128 characters; {{...}} templates and ${{ }} expressions are allowed inside';
  if (!TAG_CHARACTERS.test(literal)) {
    return `${JSON.stringify(text)} is not valid as ${part}: ${allowed}`;
  }
  if (part !== TagPart.REST && literal !== '' && !TAG_START.test(literal)) {
    return `${JSON.stringify(text)} is not valid as ${part}: it must start with a letter, a digit or "_"`;
  }
  if (!templated && literal.length > MAX_TAG_LENGTH) {
    return `${JSON.stringify(text)} is not valid as ${part}: it is longer than ${MAX_TAG_LENGTH} characters`;
  }
  return undefined;
}
