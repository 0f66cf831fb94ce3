#include "fuzz_entries.hpp"

#include "core/bank_loader.hpp"
#include "core/bank_set.hpp"
#include "core/gift.hpp"
#include "core/profile.hpp"
#include "core/records/records_bundle.hpp"
#include "core/source_file.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>
#include <variant>

namespace examsim::fuzz {
namespace fs = std::filesystem;
using namespace examsim::core;

namespace {

fs::path& dataDir() {
    static fs::path dir;
    return dir;
}

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The shipped taxonomy, loaded once: fuzzed banks and blueprints refer to real topics.
const BankSet& shippedTopics() {
    static const BankSet set = BankSet::load({dataDir() / "topics.json"});
    return set;
}

const std::vector<TopicName>& topicNames() {
    static const std::vector<TopicName> names = [] {
        std::vector<TopicName> out;
        for (const Topic* t : shippedTopics().topics()) out.push_back({t->id, t->title});
        return out;
    }();
    return names;
}

void checkDiagnostics(const std::vector<Diagnostic>& ds) {
    for (const auto& d : ds)
        if (d.message.empty()) broken("a diagnostic without a message");
}

void checkImport(const ImportResult& r) {
    for (const auto& m : r.messages)
        if (m.message.empty()) broken("an import message without text");
    for (const auto& q : r.questions)
        if (q.id.empty()) broken("an imported question without an id");
    if (r.skipped < 0) broken("a negative skipped count");
}

} // namespace

void setDataDir(const fs::path& questionBanks) { dataDir() = questionBanks; }

void fuzzBankLoader(std::string_view data) {
    const std::string text(data);
    // The file alone, then with the shipped taxonomy through the editor's unsaved-text path, which
    // runs the checks across banks and builds the indexes.
    const BankFileResult alone = loadBankFile(SourceFile("fuzz/bank.json", text));
    checkDiagnostics(alone.diagnostics);
    if (alone.kind == BankFileResult::Kind::Bank && !alone.bank) broken("kind Bank without a bank");
    BankSetOptions options;
    static const std::string topicsText = readText(dataDir() / "topics.json");
    options.unsaved.emplace_back(dataDir() / "topics.json", topicsText);
    options.unsaved.emplace_back("fuzz/bank.json", text);
    const BankSet set = BankSet::load({}, options);
    checkDiagnostics(set.diagnostics());
    for (const Bank& bank : set.banks())
        for (const Question& q : bank.questions)
            if (set.question(q.id) == nullptr) broken("a loaded question that lookup cannot find");
}

void fuzzProfileLoader(std::string_view data) {
    // loadProfiles reads a file: write the input to a file of this process.
    static const fs::path file = fs::temp_directory_path() / ("examsim-fuzz-profiles-" + std::to_string(::getpid()) + ".json");
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
    }
    const BankSet& topics = shippedTopics();
    const ProfileSet set = loadProfiles(file, [&](const std::string& id) { return topics.topic(id) != nullptr; });
    checkDiagnostics(set.diagnostics);
    for (const auto& p : set.profiles)
        if (set.find(p.id) == nullptr) broken("a loaded profile that find cannot find");
}

void fuzzGiftImport(std::string_view data) {
    ImportOptions options;
    options.bankId = "fuzz";
    options.topics = topicNames();
    checkImport(importGift(data, options));
}

void fuzzCsvImport(std::string_view data) {
    ImportOptions options;
    options.bankId = "fuzz";
    options.topics = topicNames();
    checkImport(importCsv(data, options));
}

void fuzzRecordsBundle(std::string_view data) {
    auto read = readRecordsBundle(std::string(data), "fuzz.json");
    if (auto* error = std::get_if<BundleError>(&read)) {
        if (error->message.empty()) broken("a bundle error without a message");
        return;
    }
    // A bundle that was accepted must survive being written and read again.
    const std::string again = writeRecordsBundle(std::get<RecordSet>(read), 1);
    if (std::holds_alternative<BundleError>(readRecordsBundle(again, "again.json")))
        broken("an accepted bundle, written again, is refused");
}

Entry entryNamed(std::string_view target) {
    if (target == "bank_loader") return fuzzBankLoader;
    if (target == "profile_loader") return fuzzProfileLoader;
    if (target == "gift_import") return fuzzGiftImport;
    if (target == "csv_import") return fuzzCsvImport;
    if (target == "records_bundle") return fuzzRecordsBundle;
    return nullptr;
}

} // namespace examsim::fuzz
