// What an API route says of a body it could not read as JSON, by its Content-Type (http-util.ts).
import { describe, expect, it } from 'vitest';
import { formBodyProblem, joinedLinesProblem, multipartFileProblem } from '../../../src-main/receiver/http-util';

describe('formBodyProblem', () => {
  it('a form, however its media type is written: the JSON error, then that it came as a form and the fix', () => {
    for (const type of ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8', ' application/x-www-form-urlencoded ;']) {
      expect(formBodyProblem(type, 'the body is not valid JSON: X'), type).toBe(
        "the body is not valid JSON: X. It came as a form (Content-Type: application/x-www-form-urlencoded, what curl -d sends), and this route reads JSON: send it with curl -H 'Content-Type: application/json' --data-binary @file.json, or -d '{…}' with the JSON typed inline",
      );
    }
  });

  it('a multipart form: said alone (its JSON error would only show the boundary)', () => {
    expect(formBodyProblem('multipart/form-data; boundary=----x', 'the body is not valid JSON: ----x')).toBe(
      "the body is a multipart form (Content-Type: multipart/form-data, what curl -F sends), not JSON: send the JSON itself with curl -H 'Content-Type: application/json' --data-binary @file.json",
    );
  });

  it('any other Content-Type, or none: nothing to add', () => {
    for (const type of [undefined, '', 'application/json', 'text/plain', 'multipart/mixed', 'application/x-www-form-urlencodedx']) expect(formBodyProblem(type, 'e'), type).toBeUndefined();
  });
});

describe('a file body (an import) sent as a form', () => {
  it('multipart: refused whatever the file, naming it in the fix; any other type passes', () => {
    expect(multipartFileProblem('Multipart/Form-Data; boundary=x', 'users.csv')).toBe(
      'the body is a multipart form (Content-Type: multipart/form-data, what curl -F sends), not the file: send the file itself with curl --data-binary @users.csv; nothing was imported',
    );
    for (const type of [undefined, 'application/x-www-form-urlencoded', 'text/csv', 'application/x-ndjson']) expect(multipartFileProblem(type, 'f'), type).toBeUndefined();
  });

  it('one line labelled a form: that its line breaks were dropped, with the line as given; any other type passes', () => {
    expect(joinedLinesProblem('application/x-www-form-urlencoded', 'users.csv', ', "id,emailu1",')).toBe(
      'the body is one line, "id,emailu1", and came as a form (Content-Type: application/x-www-form-urlencoded, what curl -d sends): curl -d @file drops the file\'s line breaks, so its lines ran into one. Send the file with curl --data-binary @users.csv; nothing was imported',
    );
    for (const type of [undefined, 'multipart/form-data', 'text/csv']) expect(joinedLinesProblem(type, 'f', ''), type).toBeUndefined();
  });
});
