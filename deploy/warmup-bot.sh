#!/bin/sh
# Starts Warmup Bot (java -jar warmup-bot.jar "$@") with a class-data archive of its own classes (AppCDS), which
# saves about half a second of start-up (docs/performance.md). The first `run` writes the archive when the bot
# stops; later starts use it until the jar is replaced, when the next stop writes a new one. Works on Java 17+.
#   WARMUP_JAR          the jar (default: warmup-bot.jar in the working directory)
#   WARMUP_CDS_ARCHIVE  the archive (default: data/warmup-bot.jsa; its folder must be writable)
#   JAVA_OPTS           other JVM options, e.g. -Xmx512m
set -e
jar="${WARMUP_JAR:-warmup-bot.jar}"
archive="${WARMUP_CDS_ARCHIVE:-data/warmup-bot.jsa}"
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  # -Xshare:auto: an archive the JVM cannot use (another Java version) is skipped with a warning, not fatal.
  exec java -XX:SharedArchiveFile="$archive" -Xshare:auto $JAVA_OPTS -jar "$jar" "$@"
fi
if [ "$1" != run ]; then
  # Only a `run` writes the archive: a short command (validate, play) would train it on a fraction of the classes.
  exec java $JAVA_OPTS -jar "$jar" "$@"
fi
rm -f "$archive"
mkdir -p "$(dirname "$archive")"
# -Xlog:cds=off: writing the archive warns of every class it leaves out (some 180 lines, none of them a fault),
# which would land in the journal, or in the output of `play` and `validate`.
exec java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off $JAVA_OPTS -jar "$jar" "$@"
