// Mermaid's own journey parser (the installed mermaid-cli's mermaid) on diagrams given as a JSON list on
// stdin; prints, per diagram, what Mermaid's parser hands its database, or the parse error.
// The clean-up before parsing is copied from mermaid 11 (preprocess.ts, comments.ts, utils.ts
// encodeEntities, Diagram.fromText), because it lives in modules that need a browser.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// argv[2]: the path of mermaid's dist/chunks/mermaid.core/journeyDiagram-*.mjs
const { diagram } = await import(pathToFileURL(resolve(process.argv[2])).href);
const parser = diagram.parser.parser;

const frontMatterRegex = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const directiveRegex = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const anyCommentRegex = /\s*%%.*\n/gm;

function clean(code) {
  code = code.replace(/\r\n?/g, '\n');
  const front = code.match(frontMatterRegex);
  if (front) code = code.slice(front[0].length);
  code = code.replace(directiveRegex, '');
  code = code.replace(/^\s*%%(?!{)[^\n]+\n?/gm, '').trimStart();
  return code;
}

function encodeEntities(txt) {
  txt = txt.replace(/style.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  txt = txt.replace(/classDef.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  return txt.replace(/#\w+;/g, (s) => '\uE000' + s.substring(1, s.length - 1) + '\uE001');
}

const asWritten = (text) => text.replace(/\uE000/g, '#').replace(/\uE001/g, ';');

function parse(code) {
  code = clean(code);
  if (!/^\s*journey/.test(code.replace(frontMatterRegex, '').replace(directiveRegex, '').replace(anyCommentRegex, '\n'))) {
    return { error: 'not a journey diagram' };
  }
  const out = { settings: [], sections: [], tasks: [] };
  let section = null;
  parser.yy = {
    setDiagramTitle: (t) => out.settings.push(['title', asWritten(t)]),
    setAccTitle: (t) => out.settings.push(['accTitle', asWritten(t)]),
    setAccDescription: (t) => out.settings.push(['accDescr', asWritten(t)]),
    addSection: (t) => { section = out.sections.length; out.sections.push(asWritten(t)); },
    addTask: (descr, data) => {   // journeyDb.addTask
      const pieces = data.substr(1).split(':');
      out.tasks.push({ name: asWritten(descr), section, score: pieces[0] === undefined ? null : asWritten(pieces[0]),
                       actors: pieces.length === 1 ? [] : pieces[1].split(',').map((s) => asWritten(s.trim())) });
    },
  };
  try {
    parser.parse(encodeEntities(code) + '\n');
    return out;
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
}

const diagrams = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(diagrams.map(parse)));
