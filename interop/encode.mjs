// Registers an Avro schema under a subject and writes one record, framed in the Confluent wire
// format, with the independent JavaScript client. Hookline must read it back.
// Usage: node encode.mjs <registry-url> <subject> <schema-file> <record-json> <out-file>
import { readFileSync, writeFileSync } from 'node:fs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const [registryUrl, subject, schemaFile, recordJson, outFile] = process.argv.slice(2);
const registry = new SchemaRegistry({ host: registryUrl });
const { id } = await registry.register(
  { type: SchemaType.AVRO, schema: readFileSync(schemaFile, 'utf8') },
  { subject },
);
writeFileSync(outFile, await registry.encode(id, JSON.parse(recordJson)));
process.stdout.write(String(id));
