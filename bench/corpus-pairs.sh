# The corpus's drivers with their racy and fixed releases (sourced by the corpus bench scripts), as
# corpus/src/test/java/io/maprace/corpus/CorpusTest.java lists them: driver racy-release fixed-release.
pairs=(
  "querydsl-templates querydsl-2.9.0 querydsl-3.0.0"
  "hutool-lru hutool-5.7.14 hutool-5.7.15"
  "wro4j-injector wro4j-1.6.3 wro4j-1.7.0"
  "wro4j-model wro4j-1.4.1 wro4j-1.4.6"
  "avro-fast-reader avro-1.11.4 avro-1.12.0"
)
