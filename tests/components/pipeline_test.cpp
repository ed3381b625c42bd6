// The word-statistics pipeline loaded into this process: two plugins (the tokenizer and the
// statistics stage) both activate the text source, which must be mapped once.
#include <string>

#include <catch2/catch.hpp>

#include <ucom/runtime.hpp>

#include "test_registry.hpp"
#include "word_stats.h"

TEST_CASE("a dependency two plugins use is mapped once")
{
    ucom::test::scratch_registry registry;
    for (const char *plugin : {TEXT_SOURCE_PLUGIN, TOKENIZER_PLUGIN, WORD_STATS_PLUGIN}) {
        registry.register_plugin(plugin);
    }
    auto rt = registry.open_runtime();
    auto stats = rt.create_instance<IWordStatistics>("Ucom.Pipeline.WordStatistics");
    REQUIRE(stats);
    char *report = nullptr;
    REQUIRE((*stats)->Analyze(SAMPLE_TEXT, 3, &report) == S_OK);
    CHECK(std::string(report) == "lines: 3\nwords: 36\ndistinct: 26\ntop 3: the 8, cat 2, dog 2\n");
    ucom_free(report);
    int32_t count = 0;
    REQUIRE((*stats)->CountOf("the", &count) == S_OK);
    CHECK(count == 8);
    // Both the tokenizer and the statistics stage asked for a text source.
    CHECK(ucom::test::loaded_objects_of(TEXT_SOURCE_PLUGIN) == 1);
    CHECK(ucom::test::executable_mappings_of(TEXT_SOURCE_PLUGIN) == 1);
    CHECK(ucom::test::loaded_objects_of(TOKENIZER_PLUGIN) == 1);
}

TEST_CASE("a pipeline stage whose dependency is not registered fails with the inner reason")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(TOKENIZER_PLUGIN); // its text source is missing
    auto rt = registry.open_runtime();
    auto tokenizer = rt.create_instance<IUnknown>("Ucom.Pipeline.Tokenizer");
    REQUIRE_FALSE(tokenizer);
    CHECK(tokenizer.error().code() == REGDB_E_CLASSNOTREG);
    CHECK_THAT(tokenizer.error().message(),
               Catch::Contains("class Ucom.Pipeline.Tokenizer.1") &&
                   Catch::Contains("'Ucom.Pipeline.TextSource' is not registered"));
}
