// item-stats, paper, regrade and errata: the trainer's results tools in a terminal (issue 8).
#include "cli/commands.hpp"
#include "core/bank_set.hpp"
#include "core/errata.hpp"
#include "core/item_analysis.hpp"
#include "core/paper.hpp"
#include "core/paper_html.hpp"
#include "core/profile.hpp"
#include "core/regrade.hpp"
#include "core/store/progress_store.hpp"

#include <cstdio>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace examsim::cli {

namespace {

using nlohmann::json;

// "YYYY-MM-DD" as seconds since the epoch at 00:00 UTC.
std::optional<std::int64_t> parseDate(const std::string& s) {
    std::tm tm{};
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s.size() != 10)
        return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
    const std::time_t t = timegm(&tm);
    std::tm back{};
    gmtime_r(&t, &back);
    if (back.tm_mday != d) return std::nullopt; // 2026-02-30
    return static_cast<std::int64_t>(t);
}

json optional(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

std::string percentCell(const std::optional<double>& v, int width) {
    return v ? fmt::format("{:>{}.2f}", *v, width) : fmt::format("{:>{}}", "-", width);
}

json questionJson(const core::QuestionStats& q) {
    json j{{"question", q.questionId},
           {"attempts", q.attempts},
           {"max_mark", q.maxMark},
           {"mean_mark", q.meanMark},
           {"facility", q.facility},
           {"sd", optional(q.sd)},
           {"discrimination_index", optional(q.discrimination)},
           {"discriminative_efficiency", optional(q.efficiency)},
           {"strong_candidates", q.strongCandidates},
           {"options", json::array()},
           {"flags", q.flags}};
    for (const auto& o : q.options)
        j["options"].push_back({{"id", o.id},
                                {"text", o.text},
                                {"key", o.key},
                                {"chosen", o.chosen},
                                {"share", o.share},
                                {"chosen_by_strong", o.chosenByStrong}});
    return j;
}

json paperJson(const core::PaperStats& p) {
    return {{"attempts", p.attempts},
            {"questions", p.questions},
            {"same_questions", p.sameQuestions},
            {"max_mark", p.maxMark},
            {"mean_percent", p.meanPercent},
            {"sd_percent", optional(p.sdPercent)},
            {"mean", optional(p.mean)},
            {"sd", optional(p.sd)},
            {"skewness", optional(p.skewness)},
            {"kurtosis", optional(p.kurtosis)},
            {"cic", optional(p.cic)},
            {"error_ratio", optional(p.errorRatio)},
            {"standard_error", optional(p.standardError)}};
}

void printAnalysis(const core::ItemAnalysis& a, const std::string& source) {
    const auto& p = a.paper;
    std::cout << fmt::format("Item analysis of {}: {} attempts, {} questions\n", source, p.attempts,
                             p.questions);
    if (p.attempts == 0) return;
    std::cout << fmt::format("Paper: mean {:.2f} %", p.meanPercent);
    if (p.sdPercent) std::cout << fmt::format(", SD {:.2f} %", *p.sdPercent);
    std::cout << "\n";
    if (p.sameQuestions) {
        std::cout << fmt::format("  every attempt had the same {} questions ({:g} marks): mean {:.2f} marks",
                                 p.questions, p.maxMark, *p.mean);
        if (p.sd) std::cout << fmt::format(", SD {:.2f}", *p.sd);
        if (p.skewness) std::cout << fmt::format(", skewness {:.2f}", *p.skewness);
        if (p.kurtosis) std::cout << fmt::format(", kurtosis {:.2f}", *p.kurtosis);
        std::cout << "\n";
        if (p.cic)
            std::cout << fmt::format(
                "  coefficient of internal consistency (Cronbach's alpha) {:.2f} %, error ratio {:.2f} %, "
                "standard error {:.2f} marks\n",
                *p.cic, *p.errorRatio, *p.standardError);
    } else {
        std::cout << "  (the attempts had different questions: internal consistency needs one fixed paper or "
                     "a full matrix)\n";
    }
    std::cout << fmt::format("\n{:<24} {:>8} {:>10} {:>8} {:>15} {:>15}  {}\n", "question", "attempts",
                             "facility %", "SD %", "discrimination", "efficiency %", "flags");
    for (const auto& q : a.questions)
        std::cout << fmt::format(
            "{:<24} {:>8} {:>10.2f} {} {} {}  {}\n", q.questionId, q.attempts, 100 * q.facility,
            percentCell(q.sd ? std::optional<double>(100 * *q.sd) : std::nullopt, 8),
            percentCell(q.discrimination, 15), percentCell(q.efficiency, 15), q.flags.size());
    bool anyOptions = false;
    for (const auto& q : a.questions) {
        if (q.options.empty()) continue;
        if (!anyOptions) std::cout << "\nOptions chosen (* key; in brackets: by the strongest third):\n";
        anyOptions = true;
        std::string line;
        for (const auto& o : q.options)
            line +=
                fmt::format("  {}{} {:.0f} % ({})", o.id, o.key ? "*" : "", 100 * o.share, o.chosenByStrong);
        std::cout << fmt::format("  {:<22}{}\n", q.questionId, line);
    }
    bool anyFlags = false;
    for (const auto& q : a.questions)
        for (const auto& f : q.flags) {
            if (!anyFlags) std::cout << "\nTo review:\n";
            anyFlags = true;
            std::cout << "  " << q.questionId << ": " << f << "\n";
        }
}

// A database that fails mid-command (a damaged snapshot, a full disk) ends the command with a message,
// not an uncaught exception.
template <class F> std::function<void()> guarded(Context& ctx, F f) {
    return [&ctx, f] {
        try {
            f();
        } catch (const std::exception& e) {
            std::cerr << "examsim-cli: " << e.what() << "\n";
            ctx.exitCode = 1;
        }
    };
}

core::BankSet loadBanks(const Context& ctx) {
    auto banks = core::BankSet::load(ctx.bankPaths());
    if (banks.counts().errors > 0)
        std::cerr << fmt::format(
            "warning: {} errors in the banks; banks with errors are left out (see examsim-cli validate)\n",
            banks.counts().errors);
    return banks;
}

bool writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (out) return true;
    std::cerr << "examsim-cli: cannot write " << path << "\n";
    return false;
}

void addItemStats(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string profile, from, to, team, marks, sort = "paper";
        bool firstOnly = false, json = false;
        std::optional<std::uint64_t> seed;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "item-stats", "Item analysis (Moodle's quiz statistics) over stored attempts or a marks CSV");
    cmd->add_option("--profile", o->profile, "Only attempts of this exam profile");
    cmd->add_option("--from", o->from, "Only attempts started on or after this date (YYYY-MM-DD, UTC)");
    cmd->add_option("--to", o->to, "Only attempts started on or before this date (YYYY-MM-DD, UTC)");
    cmd->add_option("--team", o->team, "Only learners of this team");
    cmd->add_option("--seed", o->seed,
                    "Only attempts of the paper of this seed (one fixed paper: reliability figures)");
    cmd->add_flag("--first-only", o->firstOnly, "Only each learner's first attempt of each profile");
    cmd->add_option("--marks", o->marks,
                    "A marks CSV (attempt,<question id>,...; marks 0..1) instead of stored attempts")
        ->type_name("FILE");
    cmd->add_option(
           "--sort", o->sort,
           "Order of the questions: paper, question, facility, sd, discrimination, efficiency, attempts")
        ->check(CLI::IsMember(
            {"paper", "question", "facility", "sd", "discrimination", "efficiency", "attempts"}));
    cmd->add_flag("--json", o->json, "Machine-readable output");
    cmd->callback(guarded(ctx, [&ctx, o] {
        core::MarksData data;
        std::string source;
        if (!o->marks.empty()) {
            if (!o->profile.empty() || !o->from.empty() || !o->to.empty() || !o->team.empty() ||
                o->firstOnly || o->seed) {
                std::cerr
                    << "examsim-cli: --profile, --seed, --from, --to, --team and --first-only choose stored "
                       "attempts; they do not "
                       "apply to --marks\n";
                ctx.exitCode = 2;
                return;
            }
            auto read = core::readMarksCsv(o->marks);
            if (auto* e = std::get_if<core::MarksCsvError>(&read)) {
                for (const auto& m : e->messages) std::cerr << m << "\n";
                ctx.exitCode = 1;
                return;
            }
            data = std::move(std::get<core::MarksData>(read));
            const auto banks = loadBanks(ctx);
            const auto weighed =
                core::applyQuestionMarks(data, [&banks](const std::string& id) -> std::optional<double> {
                    const core::Question* q = banks.question(id);
                    return q ? std::optional<double>(q->marks) : std::nullopt;
                });
            source = weighed ? fmt::format("{} ({} questions weighed by their marks in the banks)", o->marks,
                                           weighed)
                             : o->marks;
        } else {
            core::AnalysisFilter f;
            f.profileId = o->profile;
            f.team = o->team;
            f.firstOnly = o->firstOnly;
            f.seed = o->seed;
            for (auto [text, target, name, shift] :
                 {std::tuple{&o->from, &f.from, "--from", 0}, std::tuple{&o->to, &f.to, "--to", 86400}}) {
                if (text->empty()) continue;
                const auto t = parseDate(*text);
                if (!t) {
                    std::cerr << fmt::format("examsim-cli: {} \"{}\" is not a date: use YYYY-MM-DD\n", name,
                                             *text);
                    ctx.exitCode = 2;
                    return;
                }
                *target = *t + shift; // --to includes the whole day
            }
            auto store = openStore(ctx, true);
            if (!store) return;
            data = store->itemAnalysisData(f);
            source = "stored exam-mode attempts";
        }
        auto analysis = core::analyseItems(data);
        core::sortQuestionStats(analysis.questions, *core::itemSortKeyFromString(o->sort));
        if (o->json) {
            json j{{"source", source}, {"paper", paperJson(analysis.paper)}, {"questions", json::array()}};
            for (const auto& q : analysis.questions) j["questions"].push_back(questionJson(q));
            std::cout << j.dump(2) << "\n";
        } else {
            printAnalysis(analysis, source);
        }
        ctx.exitCode = 0;
    }));
}

void addPaper(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string profile, out, key;
        std::uint64_t seed = 0;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "paper", "Print a classroom paper (HTML, A4) with an answer sheet, and its answer key");
    cmd->add_option("--profile", o->profile, "Exam profile id")->required();
    cmd->add_option("--seed", o->seed, "Seed: the same seed gives the same paper as examsim-cli take")
        ->required();
    cmd->add_option("--out", o->out, "The paper to write")->required()->type_name("FILE.html");
    cmd->add_option("--key", o->key, "Also write the answer key, with references, to this file")
        ->type_name("FILE.html");
    cmd->callback(guarded(ctx, [&ctx, o] {
        const auto paths = ctx.bankPaths();
        const auto banks = loadBanks(ctx);
        const auto profiles = core::loadProfilesFrom(paths, banks);
        const core::ExamProfile* profile = findProfile(profiles, o->profile, ctx);
        if (!profile) return;
        core::AssemblyOptions ao;
        ao.seed = o->seed;
        auto paper = core::assemblePaper(banks, *profile, ao);
        if (const auto* err = std::get_if<core::AssemblyError>(&paper)) {
            std::cerr << "examsim-cli: " << err->message << "\n";
            ctx.exitCode = 1;
            return;
        }
        const auto& p = std::get<core::Paper>(paper);
        if (!writeFile(o->out, core::paperHtml(p, *profile)) ||
            (!o->key.empty() && !writeFile(o->key, core::answerKeyHtml(p, *profile)))) {
            ctx.exitCode = 1;
            return;
        }
        std::cout << fmt::format(
            "Wrote {} ({} questions, seed {}){}.\nMarks CSV header for item-stats --marks:\n{}\n", o->out,
            p.items.size(), p.seed, o->key.empty() ? "" : " and its answer key " + o->key,
            core::marksCsvHeader(p));
        ctx.exitCode = 0;
    }));
}

void addRegrade(CLI::App& app, Context& ctx) {
    struct Opts {
        std::string question;
        bool dryRun = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "regrade",
        "Re-score past attempts that used a question against its current key (appends adjustments)");
    cmd->add_option("--question", o->question, "Question id")->required();
    cmd->add_flag("--dry-run", o->dryRun, "Show what would change; write nothing");
    cmd->callback(guarded(ctx, [&ctx, o] {
        const auto banks = loadBanks(ctx);
        const core::Question* q = banks.question(o->question);
        if (!q) {
            std::cerr << fmt::format("examsim-cli: no question \"{}\" in the loaded banks\n", o->question);
            ctx.exitCode = 1;
            return;
        }
        auto store = openStore(ctx, false);
        if (!store) return;
        const auto plan = core::planRegrade(*store, *q);
        std::cout << fmt::format(
            "Regrade of {} against its current key: {} uses in finished attempts, {} to change.\n", q->id,
            plan.itemsChecked, plan.changes.size());
        for (const auto& s : plan.skipped) std::cout << "  skipped: " << s << "\n";
        if (!plan.changes.empty()) {
            std::cout << fmt::format("\n{:<36} {:<16} {:<10} {:>3} {:>12} {:>15} {:>17}  {}\n", "attempt",
                                     "learner", "started", "no.", "mark", "score", "percent", "result");
            for (const auto& c : plan.changes) {
                const auto& r = c.record;
                std::cout << fmt::format("{:<36} {:<16} {:<10} {:>3} {:>12} {:>15} {:>17}  {}\n", r.attemptId,
                                         c.learnerName, isoDate(c.startedAt).substr(0, 10), r.position + 1,
                                         fmt::format("{:g} -> {:g}", r.oldEarned, r.newEarned),
                                         fmt::format("{:g} -> {:g}/{:g}", c.oldScore, c.newScore, c.maxScore),
                                         fmt::format("{:.1f} -> {:.1f} %", c.oldPercent(), c.newPercent()),
                                         r.oldPassed == r.newPassed
                                             ? (r.newPassed ? "pass" : "fail")
                                             : (r.newPassed ? "fail -> PASS" : "pass -> FAIL"));
            }
        }
        if (plan.changes.empty()) {
            std::cout << "Nothing to change: every attempt already matches the current key.\n";
        } else if (o->dryRun) {
            std::cout << "\nDry run: nothing was written.\n";
        } else {
            core::applyRegrade(*store, plan);
            std::cout << fmt::format("\nAppended {} adjustment records; the stored results are unchanged and "
                                     "reports read them with "
                                     "their adjustments.\n",
                                     plan.changes.size());
        }
        ctx.exitCode = 0;
    }));
}

void addErrata(CLI::App& app, Context& ctx) {
    CLI::App* errata =
        app.add_subcommand("errata", "Learners' reports of problems with questions: add, list, resolve");
    errata->require_subcommand(1);
    {
        struct Opts {
            std::string learner, question, kind, text, attempt;
            std::optional<std::size_t> position;
        };
        auto o = std::make_shared<Opts>();
        CLI::App* cmd = errata->add_subcommand("add", "Record a learner's report on a question");
        cmd->add_option("--learner", o->learner, "Learner name")->required();
        cmd->add_option("--question", o->question, "Question id")->required();
        cmd->add_option("--kind", o->kind, "key-wrong, unclear or other")
            ->required()
            ->check(CLI::IsMember({"key-wrong", "unclear", "other"}));
        cmd->add_option("--text", o->text, "What is wrong (required for other)");
        cmd->add_option("--attempt", o->attempt, "The attempt it was seen in");
        cmd->add_option("--position", o->position, "The question's number in that attempt (1 = first)")
            ->check(CLI::PositiveNumber);
        cmd->callback(guarded(ctx, [&ctx, o] {
            const auto banks = loadBanks(ctx);
            auto store = openStore(ctx, true);
            if (!store) return;
            const auto learner = findLearner(*store, o->learner, ctx);
            if (!learner) return;
            if (o->position && o->attempt.empty()) {
                std::cerr << "examsim-cli: --position needs --attempt\n";
                ctx.exitCode = 2;
                return;
            }
            core::ErratumRequest r{learner->id, o->question, *core::erratumKindFromString(o->kind),
                                   o->text,     o->attempt,  std::nullopt};
            if (o->position) r.position = *o->position - 1;
            const auto added = core::reportProblem(*store, banks, r);
            if (const auto* e = std::get_if<core::ErratumError>(&added)) {
                std::cerr << "examsim-cli: " << e->message << "\n";
                ctx.exitCode = 1;
                return;
            }
            std::cout << fmt::format("Recorded report {} on {} ({}).\n", std::get<std::int64_t>(added),
                                     o->question, o->kind);
            ctx.exitCode = 0;
        }));
    }
    {
        struct Opts {
            bool json = false, open = false;
        };
        auto o = std::make_shared<Opts>();
        CLI::App* cmd = errata->add_subcommand(
            "list", "Reports with their question and its item statistics over all attempts");
        cmd->add_flag("--open", o->open, "Only reports not yet resolved");
        cmd->add_flag("--json", o->json, "Machine-readable output");
        cmd->callback(guarded(ctx, [&ctx, o] {
            auto store = openStore(ctx, true);
            if (!store) return;
            const auto reports = store->errata(!o->open);
            const auto analysis = core::analyseItems(store->itemAnalysisData({}));
            std::map<std::string, const core::QuestionStats*> stats;
            for (const auto& q : analysis.questions) stats[q.questionId] = &q;
            auto statsOf = [&](const std::string& id) -> const core::QuestionStats* {
                const auto it = stats.find(id);
                return it == stats.end() ? nullptr : it->second;
            };
            if (o->json) {
                json j = json::array();
                for (const auto& e : reports) {
                    const auto* s = statsOf(e.questionId);
                    j.push_back({{"id", e.id},
                                 {"question", e.questionId},
                                 {"kind", std::string(core::nameOf(e.kind))},
                                 {"text", e.text},
                                 {"learner", e.learnerName},
                                 {"attempt", e.attemptId.empty() ? json(nullptr) : json(e.attemptId)},
                                 {"position", e.position ? json(*e.position + 1) : json(nullptr)},
                                 {"reported", isoDate(e.createdAt)},
                                 {"resolved", e.resolvedAt ? json(isoDate(e.resolvedAt)) : json(nullptr)},
                                 {"resolution", e.resolution},
                                 {"statistics", s ? questionJson(*s) : json(nullptr)}});
                }
                std::cout << j.dump(2) << "\n";
            } else {
                std::cout << fmt::format("{:>4} {:<20} {:<10} {:<10} {:>8} {:>10} {:>14}  {:<16} {}\n", "id",
                                         "question", "kind", "status", "attempts", "facility %",
                                         "discrimination", "learner", "text");
                for (const auto& e : reports) {
                    const auto* s = statsOf(e.questionId);
                    std::cout << fmt::format(
                        "{:>4} {:<20} {:<10} {:<10} {:>8} {} {}  {:<16} {}\n", e.id, e.questionId,
                        core::nameOf(e.kind), e.resolvedAt ? "resolved" : "open", s ? s->attempts : 0,
                        percentCell(s ? std::optional<double>(100 * s->facility) : std::nullopt, 10),
                        percentCell(s ? s->discrimination : std::nullopt, 14), e.learnerName, e.text);
                }
                if (reports.empty()) std::cout << "No reports.\n";
            }
            ctx.exitCode = 0;
        }));
    }
    {
        struct Opts {
            std::int64_t id = 0;
            std::string note;
        };
        auto o = std::make_shared<Opts>();
        CLI::App* cmd = errata->add_subcommand("resolve", "Mark a report as dealt with");
        cmd->add_option("id", o->id, "Report id (see errata list)")->required();
        cmd->add_option("--note", o->note, "What was done, e.g. \"key corrected, regraded\"");
        cmd->callback(guarded(ctx, [&ctx, o] {
            auto store = openStore(ctx, false);
            if (!store) return;
            const auto e = store->erratum(o->id);
            if (!e) {
                std::cerr << fmt::format("examsim-cli: no report {}\n", o->id);
                ctx.exitCode = 1;
                return;
            }
            if (e->resolvedAt) {
                std::cerr << fmt::format("examsim-cli: report {} was already resolved on {}\n", o->id,
                                         isoDate(e->resolvedAt));
                ctx.exitCode = 1;
                return;
            }
            store->resolveErratum(o->id, o->note);
            std::cout << fmt::format("Report {} on {} resolved.\n", o->id, e->questionId);
            ctx.exitCode = 0;
        }));
    }
}

} // namespace

void addResultsCommands(CLI::App& app, Context& ctx) {
    addItemStats(app, ctx);
    addPaper(app, ctx);
    addRegrade(app, ctx);
    addErrata(app, ctx);
}

} // namespace examsim::cli
