// report, record, team, export, merge and xapi: score reports, competency records, team records,
// records bundles and xAPI statements from the progress database (issue 7).
#include "cli/commands.hpp"
#include "core/bank_set.hpp"
#include "core/profile.hpp"
#include "core/records/records_bundle.hpp"
#include "core/records/xapi.hpp"
#include "core/report/competency_record.hpp"
#include "core/report/report_text.hpp"
#include "core/report/score_report.hpp"
#include "core/store/progress_store.hpp"

#include <fmt/format.h>
#include <functional>
#include <iostream>
#include <memory>

namespace examsim::cli {

namespace {

std::unique_ptr<core::ProgressStore> openExistingStore(Context& ctx) {
    return openStore(ctx, false);
}

// The banks and profiles give topic titles, profile descriptions and levels; reports work without them.
struct Catalogue {
    core::BankSet banks;
    core::ProfileSet profiles;
    explicit Catalogue(const Context& ctx)
        : banks(core::BankSet::load(ctx.bankPaths())),
          profiles(core::loadProfilesFrom(ctx.bankPaths(), banks)) {}
};

bool writeOut(Context& ctx, const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::cout << text;
        return true;
    }
    if (const auto problem = core::saveText(path, text)) {
        std::cerr << "examsim-cli: " << *problem << "\n";
        ctx.exitCode = 1;
        return false;
    }
    return true;
}

bool fail(Context& ctx, const std::string& message) {
    std::cerr << "examsim-cli: " << message << "\n";
    ctx.exitCode = 1;
    return false;
}

// The stylesheet for HTML output, or an error reported.
std::optional<std::string> css(Context& ctx) {
    auto r = core::loadReportCss();
    if (auto* e = std::get_if<core::ReportError>(&r)) {
        fail(ctx, e->message);
        return std::nullopt;
    }
    return std::get<std::string>(r);
}

struct Renderers {
    std::function<std::string(const std::string& css)> html;
    std::function<std::string()> json, csv; // empty when the command does not offer the format
};

// Renders in the chosen format (HTML with the stylesheet inlined) and writes it out.
void emit(Context& ctx, const std::string& format, const std::string& out, const Renderers& r) {
    std::string text;
    if (format == "json")
        text = r.json();
    else if (format == "csv")
        text = r.csv();
    else {
        const auto sheet = css(ctx);
        if (!sheet) return;
        text = r.html(*sheet);
    }
    if (writeOut(ctx, out, text)) ctx.exitCode = 0;
}

// A full attempt id, or a prefix of one that only one attempt has (as `history --json` shows them).
std::optional<std::string> resolveAttempt(Context& ctx, const core::ProgressStore& store,
                                          const std::string& given) {
    const auto ids = store.attemptIdsWithPrefix(given);
    if (ids.size() == 1) return ids.front();
    if (ids.empty())
        fail(ctx,
             fmt::format(
                 "no attempt with id \"{}\" in {} (examsim-cli history --learner NAME --json lists them)",
                 given, store.path().string()));
    else
        fail(ctx,
             fmt::format("\"{}\" is the start of {} attempt ids: give more of the id", given, ids.size()));
    return std::nullopt;
}

void addReportCommand(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string attempt, format = "html", out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("report", "Score report of one finished attempt (HTML, JSON or CSV)");
    cmd->add_option("--attempt", o->attempt, "Attempt id (or a unique start of it)")->required();
    cmd->add_option("--format", o->format, "html (one self-contained file, prints to A4), json or csv")
        ->check(CLI::IsMember({"html", "json", "csv"}));
    cmd->add_option("--out", o->out, "Output file (- for standard output)")->required();
    cmd->callback([&ctx, o] {
        auto store = openExistingStore(ctx);
        if (!store) return;
        const auto id = resolveAttempt(ctx, *store, o->attempt);
        if (!id) return;
        const Catalogue cat(ctx);
        auto built = core::buildScoreReport(*store, *id, &cat.profiles, &cat.banks);
        if (auto* e = std::get_if<core::ReportError>(&built)) return void(fail(ctx, e->message));
        const auto& report = std::get<core::ScoreReport>(built);
        emit(ctx, o->format, o->out,
             {[&](const std::string& sheet) { return core::renderScoreReportHtml(report, sheet); },
              [&] { return core::renderScoreReportJson(report); },
              [&] { return core::renderScoreReportCsv(report); }});
    });
}

void addRecordCommand(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string learner, format = "html", out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd =
        app.add_subcommand("record", "A learner's competency record with the credit ledger (HTML or JSON)");
    cmd->add_option("--learner", o->learner, "Learner name")->required();
    cmd->add_option("--format", o->format, "html or json")->check(CLI::IsMember({"html", "json"}));
    cmd->add_option("--out", o->out, "Output file (- for standard output)")->required();
    cmd->callback([&ctx, o] {
        auto store = openExistingStore(ctx);
        if (!store) return;
        const auto learner = store->learnerByName(o->learner);
        if (!learner)
            return void(
                fail(ctx, "no learner named \"" + o->learner + "\" (examsim-cli learners lists them)"));
        const Catalogue cat(ctx);
        const auto record = core::buildCompetencyRecord(*store, *learner, &cat.profiles, &cat.banks);
        emit(ctx, o->format, o->out,
             {[&](const std::string& sheet) { return core::renderCompetencyRecordHtml(record, sheet); },
              [&] { return core::renderCompetencyRecordJson(record); },
              {}});
    });
}

void addTeamCommand(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string team, format = "html", out = "-";
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "team", "Team record: learners x levels and a heatmap of weak topics (HTML, CSV or JSON)");
    cmd->add_option("--team", o->team, "Only this team (default: every learner)");
    cmd->add_option("--format", o->format, "html, csv or json")
        ->check(CLI::IsMember({"html", "csv", "json"}));
    cmd->add_option("--out", o->out, "Output file (default: standard output)");
    cmd->callback([&ctx, o] {
        auto store = openExistingStore(ctx);
        if (!store) return;
        if (!o->team.empty() && store->learners(o->team).empty())
            return void(
                fail(ctx, "no learner in team \"" + o->team + "\" (examsim-cli learners shows the teams)"));
        const Catalogue cat(ctx);
        const auto record = core::buildTeamRecord(*store, o->team, &cat.profiles, &cat.banks);
        emit(ctx, o->format, o->out,
             {[&](const std::string& sheet) { return core::renderTeamRecordHtml(record, sheet); },
              [&] { return core::renderTeamRecordJson(record); },
              [&] { return core::renderTeamRecordCsv(record); }});
    });
}

// The learners named (each must exist) and every unarchived learner of the team; nullopt after an error.
std::optional<std::vector<std::string>> chooseLearners(Context& ctx, const core::ProgressStore& store,
                                                       const std::vector<std::string>& names,
                                                       const std::string& team) {
    std::vector<std::string> ids;
    for (const auto& n : names) {
        const auto l = store.learnerByName(n);
        if (!l) {
            fail(ctx, "no learner named \"" + n + "\" (examsim-cli learners lists them)");
            return std::nullopt;
        }
        ids.push_back(l->id);
    }
    if (!team.empty()) {
        const auto members = store.learners(team);
        if (members.empty()) {
            fail(ctx, "no learner in team \"" + team + "\" (examsim-cli learners shows the teams)");
            return std::nullopt;
        }
        for (const auto& l : members) ids.push_back(l.id);
    }
    return ids;
}

std::string plural(int n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void addExportCommand(CLI::App& app, Context& ctx) {
    struct Opts {
        std::vector<std::string> learners;
        std::string team, out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "export", "Write a records bundle (JSON) of learners' finished attempts, for merging elsewhere");
    cmd->add_option("--learner", o->learners, "Learner name (repeat for several)");
    cmd->add_option("--team", o->team, "Every learner of this team");
    cmd->add_option("--out", o->out, "Bundle file to write")->required();
    cmd->callback([&ctx, o] {
        if (o->learners.empty() && o->team.empty())
            return void(fail(ctx, "export needs --learner NAME or --team T"));
        auto store = openExistingStore(ctx);
        if (!store) return;
        const auto ids = chooseLearners(ctx, *store, o->learners, o->team);
        if (!ids) return;
        const core::RecordSet records = store->exportRecords(*ids);
        if (!writeOut(ctx, o->out, core::writeRecordsBundle(records))) return;
        std::cout << fmt::format(
            "Wrote {}: {}, {}, {}, {}, {}\n", o->out,
            plural(static_cast<int>(records[core::kLearnersTable].rows.size()), "learner"),
            plural(static_cast<int>(records[core::kAttemptsTable].rows.size()), "attempt"),
            plural(static_cast<int>(records[core::kResponsesTable].rows.size()), "response"),
            plural(static_cast<int>(records[core::kSnapshotsTable].rows.size()), "question snapshot"),
            plural(static_cast<int>(records[core::kAdjustmentsTable].rows.size()), "adjustment"));
        ctx.exitCode = 0;
    });
}

void addMergeCommand(CLI::App& app, Context& ctx) {
    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand(
        "merge", "Merge records bundles or other progress databases into the --db database");
    cmd->add_option("files", *files, "Records bundles (.json) or progress databases (.db)")->required();
    cmd->callback([&ctx, files] {
        auto store = openStore(ctx, true);
        if (!store) return;
        std::vector<std::filesystem::path> paths(files->begin(), files->end());
        auto merged = core::mergeRecordFiles(*store, paths);
        if (auto* e = std::get_if<core::BundleError>(&merged))
            return void(fail(ctx, e->message + "; nothing was merged"));
        int conflicts = 0;
        for (const auto& m : std::get<std::vector<core::MergedSource>>(merged)) {
            const auto& c = m.counts;
            std::cout << fmt::format(
                "{} ({}): added {}, {}, {}, {}, {}, {}; {} already present\n", m.source, m.kind,
                plural(c.learners, "learner"), plural(c.attempts, "attempt"), plural(c.responses, "response"),
                plural(c.snapshots, "question snapshot"), plural(c.adjustments, "adjustment"),
                plural(c.errata, "problem report"), plural(c.attemptsAlreadyPresent, "attempt"));
            if (c.errataResolved)
                std::cout << fmt::format("  {} open here resolved as in {}\n",
                                         plural(c.errataResolved, "problem report"), m.source);
            for (const auto& text : c.conflicts) std::cout << "  conflict: " << text << "\n";
            for (const auto& text : c.notes) std::cout << "  note: " << text << "\n";
            conflicts += static_cast<int>(c.conflicts.size());
        }
        ctx.exitCode = conflicts ? 3 : 0;
    });
}

void addXapiCommand(CLI::App& app, Context& ctx) {
    struct Opts {
        std::vector<std::string> learners;
        std::string team, out;
        core::XapiOptions xapi;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "xapi",
        "Write finished attempts as xAPI 1.0.3 statements (a JSON array) for a learning record store");
    cmd->add_option("--learner", o->learners, "Learner name (repeat for several)");
    cmd->add_option("--team", o->team, "Every learner of this team");
    cmd->add_option("--out", o->out, "Statements file to write (- for standard output)")->required();
    cmd->add_option("--homepage", o->xapi.homePage,
                    "Home page of the accounts (learners are identified by their UUID there)")
        ->capture_default_str();
    cmd->add_option("--iri-base", o->xapi.iriBase, "IRI under which exams and questions are activities")
        ->capture_default_str();
    cmd->callback([&ctx, o] {
        if (o->learners.empty() && o->team.empty())
            return void(fail(ctx, "xapi needs --learner NAME or --team T"));
        if (const auto problem = core::checkXapiOptions(o->xapi)) return void(fail(ctx, *problem));
        auto store = openExistingStore(ctx);
        if (!store) return;
        const auto ids = chooseLearners(ctx, *store, o->learners, o->team);
        if (!ids) return;
        if (writeOut(ctx, o->out, core::writeXapiStatements(store->exportRecords(*ids), o->xapi)))
            ctx.exitCode = 0;
    });
}

} // namespace

void addReportCommands(CLI::App& app, Context& ctx) {
    addReportCommand(app, ctx);
    addRecordCommand(app, ctx);
    addTeamCommand(app, ctx);
    addExportCommand(app, ctx);
    addMergeCommand(app, ctx);
    addXapiCommand(app, ctx);
}

} // namespace examsim::cli
