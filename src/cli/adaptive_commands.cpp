// due, calibration and readiness (issue 9): adaptive study on a learner's stored answers.
#include "cli/commands.hpp"
#include "core/adaptive_store.hpp"
#include "core/profile.hpp"
#include "core/readiness.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace examsim::cli {

namespace {

using nlohmann::json;

// "2026-03-01", "2026-03-01T09:00:00Z" (UTC) or seconds since 1970; empty = the clock.
std::optional<std::int64_t> parseNow(const std::string& text) {
    if (text.empty())
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    if (text.find_first_not_of("0123456789") == std::string::npos && text.size() < 19)
        return std::stoll(text);
    std::tm tm{};
    char rest[8] = {};
    const int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &tm.tm_year, &tm.tm_mon,
                              &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, rest);
    const bool dateOnly = n == 3 && text.size() == 10;
    const bool full = n == 7 && std::string(rest) == "Z";
    if (!dateOnly && !full) return std::nullopt;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm));
}

struct Common {
    std::string learner;
    std::string now;
    std::string level;
    bool json = false;
};

// Opens the store and finds the learner and the time; nullopt (with the exit code set) on a problem.
struct Opened {
    std::unique_ptr<core::ProgressStore> store;
    core::Learner learner;
    std::int64_t now = 0;
};
std::optional<Opened> open(Context& ctx, const Common& o) {
    const auto now = parseNow(o.now);
    if (!now) {
        std::cerr << "examsim-cli: --now \"" << o.now
                  << "\" is not a time; use 2026-03-01, 2026-03-01T09:00:00Z or seconds since 1970\n";
        ctx.exitCode = 2;
        return std::nullopt;
    }
    if (!o.level.empty() && !core::levelFromString(o.level)) {
        std::cerr << "examsim-cli: unknown level \"" << o.level
                  << "\"; use foundation, practitioner or auditor\n";
        ctx.exitCode = 2;
        return std::nullopt;
    }
    auto opened = core::ProgressStore::open(ctx.databasePath(), false);
    if (auto* err = std::get_if<core::StoreError>(&opened)) {
        std::cerr << "examsim-cli: " << err->message << "\n";
        ctx.exitCode = 1;
        return std::nullopt;
    }
    Opened out{std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened)), {}, *now};
    const auto learner = out.store->learnerByName(o.learner);
    if (!learner) {
        std::cerr << "examsim-cli: no learner named \"" << o.learner << "\" (see examsim-cli learners)\n";
        ctx.exitCode = 1;
        return std::nullopt;
    }
    out.learner = *learner;
    return out;
}

CLI::App* addCommon(CLI::App& app, const char* name, const char* help, Common& o, bool level, bool now) {
    CLI::App* cmd = app.add_subcommand(name, help);
    cmd->add_option("--learner", o.learner, "Learner name")->required();
    if (level) cmd->add_option("--level", o.level, "Only this level (foundation, practitioner, auditor)");
    if (now)
        cmd->add_option("--now", o.now,
                        "Measure at this time instead of now (2026-03-01, 2026-03-01T09:00:00Z)");
    cmd->add_flag("--json", o.json, "Machine-readable output");
    return cmd;
}

void dueCommand(Context& ctx, const Common& o) {
    auto opened = open(ctx, o);
    if (!opened) return;
    const auto banks = core::BankSet::load(ctx.bankPaths());
    const auto cards = core::learnerCards(*opened->store, banks, opened->learner.id, opened->now);
    const auto forecast = core::dueForecast(cards, opened->now, 14, o.level);
    const auto due = core::dueCards(cards, opened->now, o.level);
    if (o.json) {
        json j{{"learner", opened->learner.name},
               {"now", isoDate(opened->now)},
               {"level", o.level},
               {"studied", forecast.total},
               {"due_now", forecast.dueNow},
               {"forecast", json::array()},
               {"due", json::array()}};
        for (std::size_t k = 0; k < forecast.byDay.size(); ++k)
            j["forecast"].push_back({{"day", k + 1}, {"due", forecast.byDay[k]}});
        for (const auto& c : due)
            j["due"].push_back({{"question", c.questionId},
                                {"topic", c.topic},
                                {"level", c.level},
                                {"retrievability", c.retrievability},
                                {"stability", c.memory.stability},
                                {"difficulty", c.memory.difficulty},
                                {"reviews", c.reviews},
                                {"due_at", isoDate(c.dueAt)}});
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << fmt::format("{}: {} questions studied{}, {} due now ({})\n", opened->learner.name,
                                 forecast.total, o.level.empty() ? "" : " at the " + o.level + " level",
                                 forecast.dueNow, isoDate(opened->now));
        for (const auto& c : due)
            std::cout << fmt::format("  {:<12} {:<24} recall {:>3.0f} %  due since {}\n", c.questionId,
                                     c.topic, 100 * c.retrievability, isoDate(c.dueAt));
        std::cout << "Falling due in the next 14 days:\n";
        for (std::size_t k = 0; k < forecast.byDay.size(); ++k)
            std::cout << fmt::format(
                "  day {:>2} (to {})  {:>4}\n", k + 1,
                isoDate(opened->now + static_cast<std::int64_t>(k + 1) * 86'400).substr(0, 16),
                forecast.byDay[k]);
    }
    ctx.exitCode = 0;
}

void calibrationCommand(Context& ctx, const Common& o) {
    auto opened = open(ctx, o);
    if (!opened) return;
    auto records = opened->store->reviewRecords(opened->learner.id);
    if (!o.level.empty())
        std::erase_if(records, [&](const core::ReviewRecord& r) { return r.level != o.level; });
    const auto rows = core::calibrationOf(records);
    if (o.json) {
        json j{{"learner", opened->learner.name}, {"level", o.level}, {"calibration", json::array()}};
        for (const auto& r : rows)
            j["calibration"].push_back({{"confidence", std::string(core::confidenceName(r.confidence))},
                                        {"answers", r.answers},
                                        {"correct", r.correct},
                                        {"share", r.share()}});
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << fmt::format("{}: how often each confidence was right\n", opened->learner.name);
        for (const auto& r : rows)
            std::cout << fmt::format(
                "  {:<10} {:>5} answers {:>5} right  {}\n", core::confidenceName(r.confidence), r.answers,
                r.correct, r.answers ? fmt::format("{:5.1f} %", 100 * r.share()) : std::string("    -"));
    }
    ctx.exitCode = 0;
}

void readinessCommand(Context& ctx, const Common& o) {
    auto opened = open(ctx, o);
    if (!opened) return;
    const auto paths = ctx.bankPaths();
    const auto banks = core::BankSet::load(paths);
    const auto profiles = core::loadProfilesFrom(paths, banks);
    const auto records = opened->store->reviewRecords(opened->learner.id);
    json out = json::array();
    bool any = false;
    for (core::Level level : core::kLevels) {
        const std::string name(core::nameOf(level));
        if (!o.level.empty() && o.level != name) continue;
        const core::ExamProfile* profile = core::readinessProfile(profiles, level);
        if (!profile) {
            if (!o.level.empty()) {
                std::cerr << "examsim-cli: no exam profile covers the " << name
                          << " level (see examsim-cli profiles)\n";
                ctx.exitCode = 1;
                return;
            }
            continue;
        }
        any = true;
        const auto r = core::estimateReadiness(*profile, banks, records);
        const auto t = core::timeOnTask(records, name, profile);
        if (o.json) {
            json j{
                {"level", name},           {"profile", r.profileId},  {"questions", r.questions},
                {"pass_mark", r.passMark}, {"answers", r.answers},    {"pass_probability", r.passProbability},
                {"band", {r.low, r.high}}, {"groups", json::array()}, {"study_next", json::array()}};
            for (const auto& g : r.groups)
                j["groups"].push_back({{"label", g.label},
                                       {"questions", g.questions},
                                       {"answers", g.answers},
                                       {"correct", g.correct},
                                       {"share", g.share},
                                       {"gain", g.gain}});
            for (const auto& g : r.studyNext)
                j["study_next"].push_back({{"label", g.label}, {"gain", g.gain}});
            j["time_on_task"] = {{"median_ms", t.medianMs},
                                 {"exam_ms_per_question", t.profileMsPerQuestion},
                                 {"rapid", t.rapid},
                                 {"rapid_correct", t.rapidCorrect},
                                 {"topics", json::array()}};
            for (const auto& tt : t.topics)
                j["time_on_task"]["topics"].push_back({{"topic", tt.topic},
                                                       {"answers", tt.answers},
                                                       {"median_ms", tt.medianMs},
                                                       {"ratio", tt.ratio},
                                                       {"slow", tt.slow},
                                                       {"rapid", tt.rapid},
                                                       {"rapid_correct", tt.rapidCorrect}});
            out.push_back(j);
            continue;
        }
        std::cout << fmt::format("{} ({}): pass probability {:.0f} % (likely between {:.0f} and {:.0f} %), "
                                 "from {} recent answers\n",
                                 profile->title, name, 100 * r.passProbability, 100 * r.low, 100 * r.high,
                                 r.answers);
        std::cout << fmt::format("  {} questions, pass mark {}\n", r.questions, r.passMark);
        for (const auto& g : r.groups)
            std::cout << fmt::format("  {:<48} {:>3} on the exam  {:>4}/{:<4} right  est. {:>3.0f} %\n",
                                     g.label.substr(0, 48), g.questions, g.correct, g.answers, 100 * g.share);
        std::cout << "  Study next (pass probability gained if a quarter fewer answers there were wrong):\n";
        for (std::size_t i = 0; i < r.studyNext.size() && i < 3; ++i)
            std::cout << fmt::format("    {:<48} +{:.1f} points\n", r.studyNext[i].label.substr(0, 48),
                                     100 * r.studyNext[i].gain);
        if (t.medianMs > 0) {
            std::cout << fmt::format("  Time: median {:.0f} s per answer", t.medianMs / 1000.0);
            if (t.profileMsPerQuestion > 0)
                std::cout << fmt::format(" (the exam allows {:.0f} s)", t.profileMsPerQuestion / 1000.0);
            std::cout << fmt::format("; {} answers under {} s (likely guesses), {} of them right\n", t.rapid,
                                     core::kGuessMs / 1000, t.rapidCorrect);
            for (const auto& tt : t.topics)
                if (tt.slow)
                    std::cout << fmt::format("    slow: {:<36} median {:.0f} s ({:.1f} x your median)\n",
                                             tt.topic, tt.medianMs / 1000.0, tt.ratio);
        }
        std::cout << "\n";
    }
    if (o.json)
        std::cout << out.dump(2) << "\n";
    else if (!any)
        std::cout << "No exam profile covers any level.\n";
    ctx.exitCode = 0;
}

} // namespace

void addAdaptiveCommands(CLI::App& app, Context& ctx) {
    auto due = std::make_shared<Common>();
    addCommon(app, "due", "Questions due for review now and a 14-day forecast (spaced repetition)", *due,
              true, true)
        ->callback([&ctx, due] { dueCommand(ctx, *due); });
    auto cal = std::make_shared<Common>();
    addCommon(app, "calibration", "How often a learner was right when sure, unsure or not saying", *cal, true,
              false)
        ->callback([&ctx, cal] { calibrationCommand(ctx, *cal); });
    auto ready = std::make_shared<Common>();
    addCommon(app, "readiness",
              "Estimated probability of passing each level's exam now, what to study next, time on task",
              *ready, true, false)
        ->callback([&ctx, ready] { readinessCommand(ctx, *ready); });
}

} // namespace examsim::cli
