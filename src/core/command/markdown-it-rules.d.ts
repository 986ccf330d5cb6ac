// markdown-it ships these block rules as modules without types of their own.
declare module "markdown-it/lib/rules_block/reference.mjs" {
  import type { RuleBlock } from "markdown-it/lib/parser_block.mjs";
  const reference: RuleBlock;
  export default reference;
}
declare module "markdown-it/lib/rules_block/lheading.mjs" {
  import type { RuleBlock } from "markdown-it/lib/parser_block.mjs";
  const lheading: RuleBlock;
  export default lheading;
}
declare module "markdown-it/lib/rules_block/paragraph.mjs" {
  import type { RuleBlock } from "markdown-it/lib/parser_block.mjs";
  const paragraph: RuleBlock;
  export default paragraph;
}
declare module "markdown-it/lib/rules_block/blockquote.mjs" {
  import type { RuleBlock } from "markdown-it/lib/parser_block.mjs";
  const blockquote: RuleBlock;
  export default blockquote;
}
