#include "core/report/competency_record.hpp"

#include "core/adaptive_store.hpp"
#include "core/report/report_html.hpp"
#include "core/report/report_text.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace examsim::core {

using nlohmann::json;

namespace {

constexpr std::size_t kWeakestCount = 5;
constexpr int kLastAnswers = 20;
constexpr int kMinAnswers = 3;
constexpr std::size_t kHeatmapTopics = 12; // columns that still fit an A4 page
constexpr int kForecastDays = 14;
constexpr std::size_t kStudyNextShown = 3;

std::int64_t nowOr(std::int64_t now) {
    return now ? now
               : std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
}

TopicLine line(const TopicMastery& m, const BankSet* banks) {
    const Topic* t = banks ? banks->topic(m.topic) : nullptr;
    return TopicLine{m.topic, t ? t->title : m.topic, m.answers, m.correct};
}

std::vector<TopicLine> weakest(const std::vector<TopicMastery>& all, const BankSet* banks) {
    std::vector<TopicLine> out;
    for (const auto& m : all)
        if (m.answers >= kMinAnswers) out.push_back(line(m, banks));
    std::stable_sort(out.begin(), out.end(),
                     [](const TopicLine& a, const TopicLine& b) { return a.share() < b.share(); });
    if (out.size() > kWeakestCount) out.resize(kWeakestCount);
    return out;
}

// Position of a profile in the profiles file; unknown profiles sort after, by id.
std::size_t profileRank(const ProfileSet* profiles, const std::string& id) {
    if (profiles)
        for (std::size_t i = 0; i < profiles->profiles.size(); ++i)
            if (profiles->profiles[i].id == id) return i;
    return SIZE_MAX;
}

std::string levelOf(const ProfileSet* profiles, const std::string& profileId) {
    const ExamProfile* p = profiles ? profiles->find(profileId) : nullptr;
    return p && p->levels.size() == 1 ? std::string(nameOf(p->levels.front())) : profileId;
}

bool finishedExam(const StoredAttempt& a) {
    return a.meta.mode == Mode::Exam && (a.status == "submitted" || a.status == "timed_out");
}

json topicsJson(const std::vector<TopicLine>& topics) {
    json out = json::array();
    for (const auto& t : topics)
        out.push_back({{"topic", t.topic},
                       {"title", t.title},
                       {"answers", t.answers},
                       {"correct", t.correct},
                       {"share", t.share()}});
    return out;
}

json ledgerJson(const CreditLedger& l) {
    json entries = json::array();
    for (const auto& e : l.entries)
        entries.push_back({{"attempt", e.attemptId},
                           {"profile", e.profileId},
                           {"level", e.level},
                           {"passed", isoTimestamp(e.passedAt)},
                           {"percent", e.percent},
                           {"equivalent", e.equivalent},
                           {"earned", e.earned},
                           {"repeat", e.repeat}});
    return {{"entries", entries},
            {"total", l.total},
            {"counted", l.counted},
            {"cap", kComplementaryCreditCap},
            {"needed_before_malc", kCreditsBeforeMalc},
            {"itil_expert", kCreditsForExpert},
            {"summary", creditSummary(l)},
            {"caveats", creditCaveats()}};
}

json readinessJson(const Readiness& x) {
    json next = json::array();
    for (std::size_t i = 0; i < x.studyNext.size() && i < kStudyNextShown; ++i)
        next.push_back({{"label", x.studyNext[i].label}, {"gain", x.studyNext[i].gain}});
    return {{"profile", x.profileId},
            {"pass_probability", x.passProbability},
            {"band", {x.low, x.high}},
            {"answers", x.answers},
            {"study_next", next}};
}

std::string readinessHtml(const std::optional<Readiness>& x) {
    if (!x) return "";
    std::string out = fmt::format("{:.0f} % <span class=\"band\">({:.0f}&ndash;{:.0f} %, {} answers)</span>",
                                  100 * x->passProbability, 100 * x->low, 100 * x->high, x->answers);
    std::string next;
    for (std::size_t i = 0; i < x->studyNext.size() && i < kStudyNextShown; ++i)
        next += (next.empty() ? "" : "; ") + htmlEscape(x->studyNext[i].label) +
                fmt::format(" (+{:.1f})", 100 * x->studyNext[i].gain);
    return next.empty() ? out : out + "<br><span class=\"next\">Study next: " + next + "</span>";
}

std::string sparkline(const std::vector<double>& trend) {
    std::string out = "<span class=\"spark\">";
    for (const double p : trend)
        out += fmt::format("<span style=\"height:{:.0f}%\"></span>", std::clamp(p, 4.0, 100.0));
    return out + "</span>";
}

std::string percentCell(double share, int answers) {
    if (!answers) return "<td class=\"cell\"></td>";
    return fmt::format("<td class=\"cell\" style=\"background:{}\">{:.0f} %</td>", heatColour(share),
                       100 * share);
}

} // namespace

CompetencyRecord buildCompetencyRecord(const ProgressStore& store, const Learner& learner,
                                       const ProfileSet* profiles, const BankSet* banks, std::int64_t now) {
    CompetencyRecord r;
    r.learner = learner;
    r.generatedAt = nowOr(now);
    const auto history = store.history(learner.id); // newest first
    for (const auto& a : history) {
        if (a.status != "submitted" && a.status != "timed_out") continue;
        if (a.meta.mode == Mode::Exam)
            ++r.examAttempts;
        else if (a.meta.mode == Mode::Study)
            ++r.studyAttempts;
        else
            ++r.drillAttempts;
    }
    const auto byProfile = store.topicMasteryByProfile(learner.id, kLastAnswers);
    for (const auto& s : store.profileSummaries(learner.id)) {
        LevelRecord l;
        l.profileId = s.profileId;
        l.profileTitle = s.profileTitle;
        l.level = levelOf(profiles, s.profileId);
        l.attempts = s.attempts;
        l.bestPercent = s.bestPercent;
        l.latestPercent = s.latestPercent;
        l.passed = s.passed;
        l.firstPassAt = s.firstPassAt;
        l.lastAt = s.lastAt;
        for (auto it = history.rbegin(); it != history.rend(); ++it)
            if (finishedExam(*it) && it->meta.profileId == s.profileId) l.trend.push_back(it->percent);
        if (l.trend.size() >= 2) {
            const double d = l.trend.back() - l.trend[l.trend.size() - 2];
            l.direction = d > 1 ? "up" : d < -1 ? "down" : "level";
        }
        std::vector<TopicMastery> mine;
        for (const auto& [profile, m] : byProfile)
            if (profile == s.profileId) mine.push_back(m);
        l.weakestTopics = weakest(mine, banks);
        r.levels.push_back(std::move(l));
    }
    std::stable_sort(r.levels.begin(), r.levels.end(), [&](const LevelRecord& a, const LevelRecord& b) {
        return profileRank(profiles, a.profileId) < profileRank(profiles, b.profileId);
    });
    r.weakestTopics = weakest(store.topicMastery(learner.id, kLastAnswers), banks);
    r.ledger = buildCreditLedger(history, profiles);
    if (banks) {
        r.due = dueForecast(learnerCards(store, *banks, learner.id, r.generatedAt), r.generatedAt, kForecastDays);
        if (profiles) {
            const auto records = store.reviewRecords(learner.id);
            std::map<Level, Readiness> byLevel; // several profiles of one level share its estimate
            for (auto& l : r.levels) {
                const auto level = levelFromString(l.level);
                const ExamProfile* p = level ? readinessProfile(*profiles, *level) : nullptr;
                if (!p) continue;
                auto it = byLevel.find(*level);
                if (it == byLevel.end()) it = byLevel.emplace(*level, estimateReadiness(*p, *banks, records)).first;
                l.readiness = it->second;
            }
        }
    }
    return r;
}

std::string renderCompetencyRecordHtml(const CompetencyRecord& r, const std::string& css) {
    std::string out = htmlPageStart("Competency record: " + r.learner.name, css);
    out += fmt::format("<header>\n<h1>Competency record: {}</h1>\n<p class=\"sub\">{}Generated {} &middot; "
                       "{} exam, {} study and {} drill "
                       "sessions finished &middot; self-reported practice records</p>\n</header>\n",
                       htmlEscape(r.learner.name),
                       r.learner.team.empty() ? "" : "Team " + htmlEscape(r.learner.team) + " &middot; ",
                       isoTimestamp(r.generatedAt), r.examAttempts, r.studyAttempts, r.drillAttempts);
    out += "<section>\n<h2>Levels (exam mode)</h2>\n";
    if (r.levels.empty())
        out += "<p>No exam-mode attempt finished yet.</p>\n";
    else {
        out += "<table>\n<thead><tr><th>Profile</th><th>Attempts</th><th>Best</th><th>Latest</th><th>First "
               "pass</th><th>Trend</th>"
               "<th>Weakest topics</th><th>Readiness</th></tr></thead>\n<tbody>\n";
        for (const auto& l : r.levels) {
            std::string weak;
            for (const auto& t : l.weakestTopics)
                weak += fmt::format("{}{} ({:.0f}&nbsp;%)", weak.empty() ? "" : "; ", htmlEscape(t.title),
                                    100 * t.share());
            out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1f} %</td><td "
                               "class=\"num\">{:.1f} %</td>"
                               "<td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n",
                               htmlEscape(l.profileTitle), l.attempts, l.bestPercent, l.latestPercent,
                               l.passed ? "<span class=\"yes\">" + isoDate(l.firstPassAt) + "</span>"
                                        : "<span class=\"no\">not yet</span>",
                               sparkline(l.trend), htmlEscape(l.direction), weak, readinessHtml(l.readiness));
        }
        out += "</tbody>\n</table>\n";
    }
    out += "</section>\n<section>\n<h2>Weakest topics (last 20 answers per topic)</h2>\n";
    if (r.weakestTopics.empty())
        out += "<p>Not enough answers yet (a topic needs 3).</p>\n";
    else {
        out += "<table class=\"bars\">\n<tbody>\n";
        for (const auto& t : r.weakestTopics)
            out += fmt::format("<tr><td>{}</td><td class=\"num\">{} of {}</td><td class=\"barcol\">{}<span "
                               "class=\"pct\">{:.0f} %</span>"
                               "</td></tr>\n",
                               htmlEscape(t.title), t.correct, t.answers, htmlBar(100 * t.share()),
                               100 * t.share());
        out += "</tbody>\n</table>\n";
    }
    out += "</section>\n";
    if (r.due) {
        out += fmt::format("<section>\n<h2>Spaced review</h2>\n<p>{} of {} questions answered so far are due for "
                           "review now.</p>\n",
                           r.due->dueNow, r.due->total);
        out += "<table>\n<thead><tr><th>Falling due in</th>";
        for (std::size_t d = 0; d < r.due->byDay.size(); ++d) out += fmt::format("<th>{}d</th>", d + 1);
        out += "</tr></thead>\n<tbody>\n<tr><td>questions</td>";
        for (const int n : r.due->byDay) out += fmt::format("<td class=\"num\">{}</td>", n);
        out += "</tr>\n</tbody>\n</table>\n</section>\n";
    }
    out += htmlCreditLedger(r.ledger);
    return out + htmlPageEnd();
}

std::string renderCompetencyRecordJson(const CompetencyRecord& r) {
    json j{{"format", "examsim-competency-record"},
           {"version", 1},
           {"generated", isoTimestamp(r.generatedAt)},
           {"learner", {{"id", r.learner.id}, {"name", r.learner.name}, {"team", r.learner.team}}},
           {"self_reported", r.selfReported},
           {"finished", {{"exam", r.examAttempts}, {"study", r.studyAttempts}, {"drill", r.drillAttempts}}},
           {"levels", json::array()},
           {"weakest_topics", topicsJson(r.weakestTopics)},
           {"credit_ledger", ledgerJson(r.ledger)}};
    for (const auto& l : r.levels)
        j["levels"].push_back({{"profile", l.profileId},
                               {"title", l.profileTitle},
                               {"level", l.level},
                               {"attempts", l.attempts},
                               {"best_percent", l.bestPercent},
                               {"latest_percent", l.latestPercent},
                               {"passed", l.passed},
                               {"first_pass", isoTimestamp(l.firstPassAt)},
                               {"last_attempt", isoTimestamp(l.lastAt)},
                               {"trend", l.trend},
                               {"direction", l.direction},
                               {"weakest_topics", topicsJson(l.weakestTopics)},
                               {"readiness", l.readiness ? readinessJson(*l.readiness) : json(nullptr)}});
    j["due"] = r.due ? json{{"now", r.due->dueNow}, {"next_14_days", r.due->byDay}, {"questions", r.due->total}}
                     : json(nullptr);
    return j.dump(2) + "\n";
}

TeamRecord buildTeamRecord(const ProgressStore& store, const std::string& team, const ProfileSet* profiles,
                           const BankSet* banks, std::int64_t now) {
    TeamRecord r;
    r.team = team;
    r.generatedAt = nowOr(now);
    const auto rows = store.teamRollup(team);
    std::map<std::string, std::string> titles;
    for (const auto& s : rows) titles.emplace(s.profileId, s.profileId);
    for (const auto& [id, title] : titles) r.profiles.push_back(id);
    std::stable_sort(r.profiles.begin(), r.profiles.end(), [&](const std::string& a, const std::string& b) {
        return profileRank(profiles, a) < profileRank(profiles, b);
    });
    std::map<std::string, TopicLine> teamTopics;
    std::vector<std::vector<TopicMastery>> perMember;
    for (const auto& learner : store.learners(team)) {
        TeamMember m;
        m.learner = learner;
        m.cells.resize(r.profiles.size());
        const auto history = store.history(learner.id);
        const CreditLedger ledger = buildCreditLedger(history, profiles);
        m.credits = ledger.total;
        m.countedCredits = ledger.counted;
        const auto summaries = store.profileSummaries(learner.id);
        for (const auto& row : rows) {
            if (row.learner.id != learner.id) continue;
            const auto col = static_cast<std::size_t>(
                std::find(r.profiles.begin(), r.profiles.end(), row.profileId) - r.profiles.begin());
            TeamCell& c = m.cells[col];
            c.attempts = row.attempts;
            c.bestPercent = row.bestPercent;
            c.passed = row.passed;
            c.date = row.lastAt;
            for (const auto& s : summaries)
                if (s.profileId == row.profileId && s.passed) c.date = s.firstPassAt;
            for (const auto& e : ledger.entries)
                if (e.profileId == row.profileId) c.credits += e.earned;
        }
        for (const auto& s : summaries) titles[s.profileId] = s.profileTitle;
        perMember.push_back(store.topicMastery(learner.id, kLastAnswers));
        for (const auto& t : perMember.back()) {
            auto [it, fresh] = teamTopics.try_emplace(t.topic, line(TopicMastery{t.topic, 0, 0}, banks));
            it->second.answers += t.answers;
            it->second.correct += t.correct;
        }
        r.members.push_back(std::move(m));
    }
    for (const auto& id : r.profiles) r.profileTitles.push_back(titles[id]);
    for (const auto& [id, t] : teamTopics)
        if (t.answers >= kMinAnswers) r.topics.push_back(t);
    std::stable_sort(r.topics.begin(), r.topics.end(),
                     [](const TopicLine& a, const TopicLine& b) { return a.share() < b.share(); });
    if (r.topics.size() > kHeatmapTopics) r.topics.resize(kHeatmapTopics);
    for (std::size_t i = 0; i < r.members.size(); ++i) {
        for (const auto& t : r.topics) {
            TopicLine cell{t.topic, t.title, 0, 0};
            for (const auto& m : perMember[i])
                if (m.topic == t.topic) cell.answers = m.answers, cell.correct = m.correct;
            r.members[i].topics.push_back(cell);
        }
    }
    return r;
}

std::string renderTeamRecordHtml(const TeamRecord& r, const std::string& css) {
    const std::string who = r.team.empty() ? "all learners" : "team " + r.team;
    std::string out = htmlPageStart("Team record: " + who, css);
    out += fmt::format("<header>\n<h1>Team record: {}</h1>\n<p class=\"sub\">Generated {} &middot; {} "
                       "learners &middot; finished exam-mode "
                       "attempts &middot; self-reported practice records</p>\n</header>\n",
                       htmlEscape(who), isoTimestamp(r.generatedAt), r.members.size());
    out += "<section>\n<h2>Learners &times; levels</h2>\n<table>\n<thead><tr><th>Learner</th>";
    for (const auto& t : r.profileTitles) out += "<th>" + htmlEscape(t) + "</th>";
    out += "<th>Credits</th></tr></thead>\n<tbody>\n";
    for (const auto& m : r.members) {
        out += "<tr><td>" + htmlEscape(m.learner.name) + "</td>";
        for (const auto& c : m.cells) {
            if (!c.attempts)
                out += "<td></td>";
            else
                out += fmt::format("<td><span class=\"{}\">{}</span> best {:.0f} %<br><small>{}{} &middot; "
                                   "{} attempt{}</small></td>",
                                   c.passed ? "yes" : "no", c.passed ? "passed" : "not yet", c.bestPercent,
                                   isoDate(c.date),
                                   c.credits > 0 ? " &middot; " + formatNumber(c.credits) + " cr" : "",
                                   c.attempts, c.attempts == 1 ? "" : "s");
        }
        out += fmt::format("<td class=\"num\">{}</td></tr>\n", formatNumber(m.credits));
    }
    out += "</tbody>\n</table>\n</section>\n";
    out += "<section>\n<h2>Weak areas: share correct of the last 20 answers per topic</h2>\n<p "
           "class=\"sub\">The team's "
           "weakest topics (at most 12, each with at least 3 answers from the team), weakest first.</p>\n";
    if (r.topics.empty())
        out += "<p>No answers yet.</p>\n";
    else {
        // Topics down, learners across: topic titles are long, names short.
        out += "<table class=\"heat\">\n<thead><tr><th>Topic</th><th>Team</th>";
        for (const auto& m : r.members) out += "<th>" + htmlEscape(m.learner.name) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < r.topics.size(); ++i) {
            out += "<tr><td>" + htmlEscape(r.topics[i].title) + "</td>" +
                   percentCell(r.topics[i].share(), r.topics[i].answers);
            for (const auto& m : r.members) out += percentCell(m.topics[i].share(), m.topics[i].answers);
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }
    out += "</section>\n<ul class=\"caveats\">\n";
    for (const auto& c : creditCaveats()) out += "<li>" + htmlEscape(c) + "</li>\n";
    return out + "</ul>\n" + htmlPageEnd();
}

std::string renderTeamRecordJson(const TeamRecord& r) {
    json j{{"format", "examsim-team-record"},
           {"version", 1},
           {"generated", isoTimestamp(r.generatedAt)},
           {"team", r.team},
           {"profiles", json::array()},
           {"members", json::array()},
           {"topics", topicsJson(r.topics)},
           {"self_reported", true},
           {"caveats", creditCaveats()}};
    for (std::size_t i = 0; i < r.profiles.size(); ++i)
        j["profiles"].push_back({{"id", r.profiles[i]}, {"title", r.profileTitles[i]}});
    for (const auto& m : r.members) {
        json levels = json::object();
        for (std::size_t i = 0; i < m.cells.size(); ++i) {
            const TeamCell& c = m.cells[i];
            if (!c.attempts) continue;
            levels[r.profiles[i]] = {{"attempts", c.attempts},
                                     {"best_percent", c.bestPercent},
                                     {"passed", c.passed},
                                     {"date", isoTimestamp(c.date)},
                                     {"credits", c.credits}};
        }
        json topics = json::object();
        for (const auto& t : m.topics)
            if (t.answers)
                topics[t.topic] = {{"answers", t.answers}, {"correct", t.correct}, {"share", t.share()}};
        j["members"].push_back({{"id", m.learner.id},
                                {"name", m.learner.name},
                                {"team", m.learner.team},
                                {"levels", levels},
                                {"credits", m.credits},
                                {"counted_credits", m.countedCredits},
                                {"topics", topics}});
    }
    return j.dump(2) + "\n";
}

std::string renderTeamRecordCsv(const TeamRecord& r) {
    std::string out =
        "learner,learner_id,team,profile,attempts,best_percent,passed,date,credits,learner_credits\n";
    for (const auto& m : r.members)
        for (std::size_t i = 0; i < m.cells.size(); ++i) {
            const TeamCell& c = m.cells[i];
            if (!c.attempts) continue;
            out += fmt::format("{},{},{},{},{},{:.1f},{},{},{},{}\n", csvField(m.learner.name), m.learner.id,
                               csvField(m.learner.team), csvField(r.profiles[i]), c.attempts, c.bestPercent,
                               c.passed ? "yes" : "no", isoDate(c.date), formatNumber(c.credits),
                               formatNumber(m.credits));
        }
    return out;
}

} // namespace examsim::core
