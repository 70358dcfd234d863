// A strict RFC 4180 reader for the tests: what the export writes must read back exactly.

/** RFC 4180 records (CRLF ends, quoted fields with doubled quotes); throws on anything else. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote < 0) throw new Error('unterminated quote');
          field += text.slice(i, quote);
          i = quote + 1;
          if (text[i] !== '"') break;
          field += '"';
          i++;
        }
      } else {
        const end = text.slice(i).search(/[,\r\n"]/);
        field = end < 0 ? text.slice(i) : text.slice(i, i + end);
        i += field.length;
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`);
      i += 2;
      break;
    }
    records.push(record);
  }
  return records;
}
