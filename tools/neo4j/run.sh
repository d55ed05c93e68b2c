#!/usr/bin/env bash
# Build (offline once ~/.m2 has the artifacts) and start Neo4j Community embedded with Bolt.
#   NEO4J_PASSWORD=... tools/neo4j/run.sh DATA_DIR [PORT]
# Prints "NEO4J_READY bolt://127.0.0.1:PORT" when it answers; SIGTERM stops it cleanly.
# NEO4J_HEAP (default 1g) sets the Java heap.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/target/neo4j-launcher-1.jar" ] || [ "$here/pom.xml" -nt "$here/target/neo4j-launcher-1.jar" ] \
  || [ "$here/src/main/java/launcher/Neo4jLauncher.java" -nt "$here/target/neo4j-launcher-1.jar" ]; then
  (cd "$here" && { mvn -q -B -o package 2>/dev/null || mvn -q -B package; }) >&2
fi
exec java "-Xmx${NEO4J_HEAP:-1g}" -XX:+UseG1GC -cp "$here/target/neo4j-launcher-1.jar:$here/target/lib/*" \
  launcher.Neo4jLauncher "$@"
