/**
 * The paragraph styles of the narrative and of the parts around it. The import (narrative-import.ts)
 * finds the narrative by them: it starts after the last title paragraph and stops at the closing
 * table (Nơi nhận); a paragraph typed in Word inside the text takes the style of the one before it.
 */
export const STYLE = {
  title: 'NdTitle',
  kinhGui: 'NdKinhGui',
  sec: 'NdSec',
  item: 'NdItem',
  sub: 'NdSub',
  body: 'NdBody',
  numbered: 'NdNumbered',
  dash: 'NdDash',
  plus: 'NdPlus',
  footnote: 'NdFootnote',
  tableText: 'NdTableText',
} as const;
