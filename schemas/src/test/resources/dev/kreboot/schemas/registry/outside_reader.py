"""An outside reader, not kreboot's code: Confluent's Python client (Debian's python3-confluent-kafka)
fetches each writer schema by the id in the message from the registry's Confluent-compatible API
and decodes the Avro body with Apache Avro (python3-avro).

usage: outside_reader.py <bootstrap> <topic> <registry-base-url> <count>
reads every partition of <topic> from the beginning (committed records only) until <count> records;
prints one line per record: <record full name> <header.node> <schema id>
Shared through the schemas test-jar (the sandbox's IT reads the sandbox's topics with it).
"""
import io
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient

bootstrap, topic, registry, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = SchemaRegistryClient({"url": registry + "/apis/ccompat/v7"})
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "outside-reader",
                     "enable.auto.commit": False})
partitions = consumer.list_topics(topic, timeout=30).topics[topic].partitions
consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in sorted(partitions)])
writers = {}
seen = 0
deadline = time.time() + 60
while seen < count and time.time() < deadline:
    message = consumer.poll(0.5)
    if message is None:
        continue
    if message.error():
        sys.exit("kafka: %s" % message.error())
    value = message.value()
    if value[0] != 0:
        sys.exit("not in the schema-registry format: %s" % value[:4].hex())
    (schema_id,) = struct.unpack(">I", value[1:5])
    if schema_id not in writers:
        writers[schema_id] = avro.schema.parse(client.get_schema(schema_id).schema_str)
    writer = writers[schema_id]
    record = avro.io.DatumReader(writer).read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))
    print(writer.fullname, record["header"]["node"], schema_id, flush=True)
    seen += 1
consumer.close()
sys.exit(0 if seen == count else "read %d of %d records" % (seen, count))
