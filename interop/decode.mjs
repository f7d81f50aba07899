// Decodes one Confluent-framed Avro record (a file of raw bytes) through the schema registry,
// with Confluent-compatible JavaScript client code that shares nothing with Hookline.
// Usage: node decode.mjs <registry-url> <payload-file>   -> prints the record as JSON
import { readFileSync } from 'node:fs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const [registryUrl, payloadFile] = process.argv.slice(2);
const registry = new SchemaRegistry({ host: registryUrl });
const record = await registry.decode(readFileSync(payloadFile));
process.stdout.write(JSON.stringify(record, (key, value) => (typeof value === 'bigint' ? value.toString() : value)));
