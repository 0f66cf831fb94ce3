// learners, history and check: the progress database from a terminal.
#include "cli/commands.hpp"
#include "core/store/progress_store.hpp"

#include <ctime>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace examsim::cli {

namespace {

std::unique_ptr<core::ProgressStore> openStore(Context& ctx, bool create) {
    auto opened = core::ProgressStore::open(ctx.databasePath(), create);
    if (auto* err = std::get_if<core::StoreError>(&opened)) {
        std::cerr << "examsim-cli: " << err->message << "\n";
        ctx.exitCode = 1;
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened));
}

} // namespace

std::string isoDate(std::int64_t seconds) {
    if (seconds <= 0) return "";
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void addProgressCommands(CLI::App& app, Context& ctx) {
    {
        struct Opts {
            std::string team;
            bool json = false;
            bool archived = false;
        };
        auto o = std::make_shared<Opts>();
        CLI::App* cmd = app.add_subcommand("learners", "List the learners in the progress database");
        cmd->add_option("--team", o->team, "Only this team");
        cmd->add_flag("--archived", o->archived, "Include archived learners");
        cmd->add_flag("--json", o->json, "Machine-readable output");
        cmd->callback([&ctx, o] {
            auto store = openStore(ctx, true);
            if (!store) return;
            const auto list = store->learners(o->team, o->archived);
            if (o->json) {
                nlohmann::json j = nlohmann::json::array();
                for (const auto& l : list) {
                    const auto h = store->history(l.id);
                    j.push_back({{"id", l.id}, {"name", l.name}, {"team", l.team}, {"created", isoDate(l.createdAt)},
                                 {"archived", l.archived}, {"attempts", h.size()}});
                }
                std::cout << j.dump(2) << "\n";
            } else {
                std::cout << fmt::format("{:<24} {:<16} {:>8}  {}\n", "learner", "team", "attempts", "id");
                for (const auto& l : list)
                    std::cout << fmt::format("{:<24} {:<16} {:>8}  {}\n", l.name, l.team, store->history(l.id).size(), l.id);
            }
            ctx.exitCode = 0;
        });
    }
    {
        struct Opts {
            std::string learner;
            bool json = false;
        };
        auto o = std::make_shared<Opts>();
        CLI::App* cmd = app.add_subcommand("history", "A learner's attempts, best and latest scores, and mastery by topic");
        cmd->add_option("--learner", o->learner, "Learner name")->required();
        cmd->add_flag("--json", o->json, "Machine-readable output");
        cmd->callback([&ctx, o] {
            auto store = openStore(ctx, true);
            if (!store) return;
            const auto learner = store->learnerByName(o->learner);
            if (!learner) {
                std::cerr << "examsim-cli: no learner named \"" << o->learner << "\"\n";
                ctx.exitCode = 1;
                return;
            }
            const auto attempts = store->history(learner->id);
            const auto mastery = store->topicMastery(learner->id);
            if (o->json) {
                nlohmann::json j{{"learner", {{"id", learner->id}, {"name", learner->name}, {"team", learner->team}}},
                                 {"self_reported", true}, {"attempts", nlohmann::json::array()}, {"mastery", nlohmann::json::object()}};
                for (const auto& a : attempts)
                    j["attempts"].push_back({{"id", a.id}, {"profile", a.meta.profileId}, {"mode", std::string(core::nameOf(a.meta.mode))},
                                             {"seed", a.meta.seed}, {"status", a.status}, {"started", isoDate(a.startedAt)},
                                             {"finished", isoDate(a.finishedAt)}, {"time_used_ms", a.elapsedMs},
                                             {"questions", a.questions}, {"answered", a.answered}, {"score", a.score},
                                             {"max_score", a.maxScore}, {"percent", a.percent}, {"passed", a.passed},
                                             {"credits", a.credits}});
                for (const auto& m : mastery) j["mastery"][m.topic] = {{"answers", m.answers}, {"correct", m.correct}, {"share", m.share()}};
                std::cout << j.dump(2) << "\n";
            } else {
                std::cout << fmt::format("{} ({}){}: {} attempts (self-reported practice records)\n\n", learner->name, learner->id,
                                         learner->team.empty() ? "" : ", team " + learner->team, attempts.size());
                std::cout << fmt::format("{:<21} {:<18} {:<6} {:<11} {:>9} {:>8}  {}\n", "started", "profile", "mode", "status", "score",
                                         "percent", "result");
                for (const auto& a : attempts)
                    std::cout << fmt::format("{:<21} {:<18} {:<6} {:<11} {:>9} {:>7.1f}%  {}\n", isoDate(a.startedAt), a.meta.profileId,
                                             core::nameOf(a.meta.mode), a.status, fmt::format("{:g}/{:g}", a.score, a.maxScore),
                                             a.percent, a.status == "in_progress" ? fmt::format("{} of {} answered", a.answered, a.questions)
                                                                                  : (a.passed ? "pass" : "fail"));
                if (!mastery.empty()) {
                    std::cout << "\nMastery by topic (share correct of the last 20 answers):\n";
                    for (const auto& m : mastery)
                        std::cout << fmt::format("  {:<36} {:>3}/{:<3} {:>5.0f} %\n", m.topic, m.correct, m.answers, 100 * m.share());
                }
            }
            ctx.exitCode = 0;
        });
    }
    {
        CLI::App* cmd = app.add_subcommand("check", "Run SQLite's full integrity check on the progress database");
        cmd->callback([&ctx] {
            auto store = openStore(ctx, false);
            if (!store) return;
            const std::string r = store->integrityCheck(false);
            std::cout << ctx.databasePath().string() << ": " << r << "\n";
            ctx.exitCode = r == "ok" ? 0 : 1;
        });
    }
}

} // namespace examsim::cli
