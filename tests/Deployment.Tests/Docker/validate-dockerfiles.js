// Validates Dockerfiles with dockerfile-utils (the Dockerfile language service's validator: instructions, flags,
// arguments, stage references). Usage: node validate-dockerfiles.js <node_modules dir> <Dockerfile>...
// Prints "<file>:<line>: <message>" per problem and exits 1 when there is any.
'use strict';
const fs = require('fs');
const path = require('path');
const { validate } = require(path.join(process.argv[2], 'dockerfile-utils'));
let problems = 0;
for (const file of process.argv.slice(3)) {
  for (const diagnostic of validate(fs.readFileSync(file, 'utf8'))) {
    problems++;
    console.log(`${file}:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  }
}
process.exit(problems === 0 ? 0 : 1);
