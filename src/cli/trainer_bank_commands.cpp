// import-gift, import-csv, export-gift and lint (issue 8): bringing questions in, taking them out, and
// checking their quality.
#include "cli/commands.hpp"
#include "core/bank_set.hpp"
#include "core/bank_writer.hpp"
#include "core/gift.hpp"
#include "core/import_bank.hpp"
#include "core/lint.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

namespace examsim::cli {

namespace {

bool isBankId(const std::string& s) {
    if (s.empty() || s.size() > 64 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
}

CLI::Validator bankIdCheck() {
    return CLI::Validator(
        [](std::string& v) {
            return isBankId(v)
                       ? std::string()
                       : fmt::format(R"("{}" is not an id: use 1 to 64 letters, digits, '.', '_' or '-')", v);
        },
        "ID");
}

struct ImportOptionsCli {
    std::string file;
    std::string bankId;
    std::string out;
    std::string level = "foundation";
    std::string title;
    std::string author = "Unknown author";
    std::string license = "All rights reserved";
};

void addImportOptions(CLI::App* cmd, ImportOptionsCli& o, const char* what) {
    cmd->add_option("file", o.file, fmt::format("The {} file", what))->required()->type_name("FILE");
    cmd->add_option("--bank", o.bankId, "Id of the new bank (questions are numbered ID-001, ID-002, …)")
        ->required()
        ->check(bankIdCheck());
    cmd->add_option("--out", o.out, "The bank file to write (JSON)")->required()->type_name("FILE.json");
    cmd->add_option("--level", o.level, "Level of the imported questions (default foundation)")
        ->check(CLI::IsMember({"foundation", "practitioner", "auditor"}));
    cmd->add_option("--title", o.title, "Title of the new bank (default: Imported from FILE)");
    cmd->add_option("--author", o.author, "Author named in the bank");
    cmd->add_option("--license", o.license, "License named in the bank");
    cmd->footer(
        "Exit status: 0 bank written and valid (drafts may carry warnings), 1 nothing to import, the file "
        "unreadable or the bank invalid, 2 usage error.");
}

// Reads, imports, writes the bank and validates it with the banks of the set.
void runImport(Context& ctx, const ImportOptionsCli& o, core::ImportFormat format) {
    std::ifstream in(o.file, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(o.file, ec)) {
        std::cout << fmt::format("{}: cannot read the file\n", o.file);
        ctx.exitCode = 1;
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto set = core::BankSet::load(ctx.bankPaths());
    core::BankImportOptions options;
    options.fileName = o.file;
    options.bankId = o.bankId;
    options.level = core::levelFromString(o.level).value_or(core::Level::Foundation);
    for (const core::Topic* t : set.topics()) options.topics.push_back({t->id, t->title});
    options.title = o.title;
    options.author = o.author;
    options.license = o.license;
    const core::ImportedBank imported = core::importBank(text.str(), format, options);
    const core::ImportResult& result = imported.result;
    for (const auto& m : result.messages) std::cout << core::format(o.file, m) << "\n";
    if (result.questions.empty()) {
        std::cout << fmt::format("no question could be imported from {}; nothing written\n", o.file);
        ctx.exitCode = 1;
        return;
    }
    auto doc = core::BankDocument::create(o.out, imported.bank, imported.omitInDrafts);
    const core::SaveResult saved = doc->save();
    if (!saved.ok) {
        std::cout << saved.error << "\n";
        ctx.exitCode = 1;
        return;
    }
    const auto findings = doc->validate(ctx.bankPaths());
    const auto c = core::count(findings);
    for (const auto& d : findings)
        if (d.severity == core::Severity::Error) std::cout << core::format(d) << "\n";
    const auto drafts =
        std::count_if(result.questions.begin(), result.questions.end(),
                      [](const core::Question& q) { return q.status == core::Status::Draft; });
    std::cout << fmt::format(
        "imported {} {} ({} drafts) into {}; {} skipped; validation: {} {}, {} {} (drafts: add "
        "difficulty, explanation and references, then set status ready)\n",
        result.questions.size(), result.questions.size() == 1 ? "question" : "questions", drafts, o.out,
        result.skipped, c.errors, c.errors == 1 ? "error" : "errors", c.warnings,
        c.warnings == 1 ? "warning" : "warnings");
    ctx.exitCode = c.errors > 0 ? 1 : 0;
}

void addImportGift(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ImportOptionsCli>();
    CLI::App* cmd =
        app.add_subcommand("import-gift", "Import Moodle GIFT questions as draft questions of a new bank");
    addImportOptions(cmd, *o, "GIFT");
    cmd->callback([&ctx, o] { runImport(ctx, *o, core::ImportFormat::Gift); });
}

void addImportCsv(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ImportOptionsCli>();
    CLI::App* cmd =
        app.add_subcommand("import-csv", "Import questions from CSV (one per row; see docs/importing.md)");
    addImportOptions(cmd, *o, "CSV");
    cmd->callback([&ctx, o] { runImport(ctx, *o, core::ImportFormat::Csv); });
}

void addExportGift(CLI::App& app, Context& ctx) {
    struct Options {
        std::string bankId;
        std::string out;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("export-gift", "Write a bank's questions as Moodle GIFT");
    cmd->add_option("--bank", o->bankId, "Id of the bank to export")->required();
    cmd->add_option("--out", o->out, "The GIFT file to write")->required()->type_name("FILE.gift");
    cmd->footer("Exit status: 0 written, 1 no such bank or the file could not be written, 2 usage error.");
    cmd->callback([&ctx, o] {
        const auto set = core::BankSet::load(ctx.bankPaths());
        const core::Bank* bank = nullptr;
        for (const auto& b : set.banks())
            if (b.info.id == o->bankId) bank = &b;
        if (!bank) {
            std::vector<std::string> ids;
            for (const auto& b : set.banks()) ids.push_back(b.info.id);
            std::cout << fmt::format(R"(no loaded bank has id "{}" (run examsim-cli validate; loaded: {}))",
                                     o->bankId, ids.empty() ? "none" : core::join(ids, ", "))
                      << "\n";
            ctx.exitCode = 1;
            return;
        }
        std::vector<core::TopicName> topics;
        for (const core::Topic* t : set.topics()) topics.push_back({t->id, t->title});
        const core::GiftExport g = core::exportGift(*bank, topics);
        for (const auto& n : g.notes) std::cout << fmt::format("{}: note: {}\n", o->out, n);
        const core::SaveResult saved = core::saveFileAtomically(o->out, g.text);
        if (!saved.ok) {
            std::cout << saved.error << "\n";
            ctx.exitCode = 1;
            return;
        }
        std::cout << fmt::format("exported {} {} of bank {} to {}; {} skipped\n", g.exported,
                                 g.exported == 1 ? "question" : "questions", o->bankId, o->out, g.skipped);
        ctx.exitCode = 0;
    });
}

void addLint(CLI::App& app, Context& ctx) {
    struct Options {
        bool json = false;
        std::string bankId;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "lint", "Check question quality beyond validity, with fixes and a health score per bank");
    cmd->add_flag("--json", o->json, "Machine-readable output (see docs/lint.md)");
    cmd->add_option("--bank", o->bankId, "Only this bank (and no blueprint checks)");
    cmd->footer("Exit status: 0 no findings, 1 findings (or no such bank), 2 usage error.");
    cmd->callback([&ctx, o] {
        const auto paths = ctx.bankPaths();
        const auto set = core::BankSet::load(paths);
        if (!o->bankId.empty() && std::none_of(set.banks().begin(), set.banks().end(),
                                               [&](const core::Bank& b) { return b.info.id == o->bankId; })) {
            std::cout << fmt::format(R"(no loaded bank has id "{}" (run examsim-cli validate))", o->bankId)
                      << "\n";
            ctx.exitCode = 1;
            return;
        }
        if (set.counts().errors > 0)
            std::cerr << fmt::format("warning: {} errors in the banks; banks with errors are not linted (run "
                                     "examsim-cli validate)\n",
                                     set.counts().errors);
        const core::LintReport report = core::lintBanks(set, paths, o->bankId);
        if (o->json) {
            nlohmann::ordered_json j;
            j["banks"] = nlohmann::ordered_json::array();
            for (const auto& h : report.health)
                j["banks"].push_back({{"id", h.bankId},
                                      {"file", h.file},
                                      {"questions", h.questions},
                                      {"questions_with_findings", h.questionsWithFindings},
                                      {"bank_findings", h.bankFindings},
                                      {"health", h.score}});
            j["findings"] = nlohmann::ordered_json::array();
            for (const auto& f : report.findings)
                j["findings"].push_back({{"check", f.check},
                                         {"file", f.file},
                                         {"line", f.line},
                                         {"column", f.column},
                                         {"pointer", f.pointer},
                                         {"bank", f.bankId},
                                         {"question", f.questionId},
                                         {"message", f.message},
                                         {"fix", f.fix}});
            std::cout << j.dump(2) << "\n";
        } else {
            for (const auto& f : report.findings) std::cout << core::format(f) << "\n";
            for (const auto& h : report.health)
                std::cout << fmt::format(
                    "bank {}: health {}/100 ({} questions, {} with findings, {} bank-level {})\n", h.bankId,
                    h.score, h.questions, h.questionsWithFindings, h.bankFindings,
                    h.bankFindings == 1 ? "finding" : "findings");
        }
        ctx.exitCode = report.findings.empty() ? 0 : 1;
    });
}

} // namespace

void addTrainerBankCommands(CLI::App& app, Context& ctx) {
    addImportGift(app, ctx);
    addImportCsv(app, ctx);
    addExportGift(app, ctx);
    addLint(app, ctx);
}

} // namespace examsim::cli
