// The bundled banks: clean under our validator and under a standard JSON Schema validator.
#include "core/bank_set.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

TEST_CASE("the shipped banks validate with no errors and no warnings") {
    const auto set = BankSet::load({examsim::test::sourceDir() / "question-banks"});
    for (const auto& d : set.diagnostics()) CHECK_MESSAGE(false, format(d));
    CHECK(set.banks().size() >= 2);
    for (const auto& f : set.files()) CHECK_MESSAGE(f.loaded, f.path);
}

TEST_CASE("the shipped banks - the profiles and the test fixture pass their JSON Schemas (python3-jsonschema)") {
    const auto dir = examsim::test::sourceDir();
    const auto schema = (dir / "question-banks/schema/bank.schema.json").string();
    std::vector<std::filesystem::path> files{dir / "tests/data/valid-bank.json"};
    for (const auto& e : std::filesystem::directory_iterator(dir / "question-banks"))
        if (e.path().extension() == ".json" && e.path().filename() != "exams.json") files.push_back(e.path());
    for (const auto& f : files) {
        const auto r = examsim::test::run("python3 -m jsonschema -i " + examsim::test::shellQuote(f.string()) + " " +
                                          examsim::test::shellQuote(schema));
        CAPTURE(f.string());
        CAPTURE(r.output);
        CHECK(r.exitCode == 0);
    }
    const auto r = examsim::test::run("python3 -m jsonschema -i " + examsim::test::shellQuote((dir / "question-banks/exams.json").string()) +
                                      " " + examsim::test::shellQuote((dir / "question-banks/schema/exams.schema.json").string()));
    CAPTURE(r.output);
    CHECK(r.exitCode == 0);
}
