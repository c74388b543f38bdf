#!/usr/bin/env bash
# Builds what the benchmarks need, runs the JMH suite, times `generate` from a cold JVM, checks the runtime
# footprint, and prints one table: benchmark | median | target | result.
#
#   bench/run.sh                 # the full run (about 10 minutes on 2 cores)
#   bench/run.sh -f 1 -i 3       # any JMH option is passed on (here: fewer forks and iterations)
#   bench/run.sh -prof gc        # ... or a profiler: -prof gc, -prof stack, -prof jfr
#   COLD_RUNS=25 bench/run.sh    # more cold-start runs (default 15)
#   SKIP_BUILD=1 bench/run.sh    # reuse the jars already built
#
# The table is also written to kestra-stack-benchmarks/target/bench/table.md, the raw JMH results to
# jmh-result.json beside it. Exit status: 0 when every target is met, 1 when one is missed, 2 on error.
# Run it on a quiet machine: the table records the load average before and after.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/kestra-stack-benchmarks/target/bench"
mvn=("$root/mvnw" -q -B)

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "# Building (tests skipped)" >&2
  "${mvn[@]}" install -DskipTests -pl kestra-stack-core,kestra-stack-proxy -am
  # Built through their own poms so that this works whether or not the parent lists the modules yet.
  "${mvn[@]}" -f kestra-stack-lint/pom.xml install -DskipTests
  if ! "${mvn[@]}" -f kestra-stack-examples/pom.xml package -DskipTests; then
    echo "# The command line did not build: the cold-start row will read 'not measured'." >&2
    rm -f kestra-stack-examples/target/kestra-stack.jar
  fi
  "${mvn[@]}" -f kestra-stack-benchmarks/pom.xml package -DskipTests
fi

mkdir -p "$out"
# Runtime class path of each library module and of the command line, as Maven resolves it for a user
# (compile and runtime scopes, optional dependencies of the module itself included).
classpaths=()
for module in kestra-stack-core kestra-stack-proxy kestra-stack-lint kestra-stack-examples; do
  "${mvn[@]}" -f "$module/pom.xml" dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile="$out/$module.classpath"
  # The module's own jar, beside what it depends on.
  { echo; ls "$module"/target/"$module"-*.jar | grep -v -- '-tests\.jar$'; } >> "$out/$module.classpath"
  classpaths+=(--classpath "$out/$module.classpath")
done

cli_jar="$root/kestra-stack-examples/target/kestra-stack.jar"
bench_jar="$root/kestra-stack-benchmarks/target/benchmarks.jar"
rm -rf "$out"/cold-start-*
cli=()
if [[ -f "$cli_jar" ]]; then
  cli=(--cli-jar "$cli_jar" --cold-runs "${COLD_RUNS:-15}" --jar "kestra-stack.jar (command line, shaded)=$cli_jar")
fi

exec java -cp "$bench_jar" io.kestrastack.benchmarks.Suite --out-dir "$out" "${cli[@]}" "${classpaths[@]}" "$@"
