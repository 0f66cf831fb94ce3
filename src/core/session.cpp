#include "core/session.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace examsim::core {

std::string formatClock(std::int64_t ms, bool roundUp) {
    const std::int64_t s = roundUp ? (ms + 999) / 1000 : ms / 1000;
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{:02}:{:02}", s / 60, s % 60);
}

std::string_view nameOf(Mode m) {
    switch (m) {
    case Mode::Exam: return "exam";
    case Mode::Study: return "study";
    case Mode::Drill: return "drill";
    }
    return "exam";
}

std::optional<Mode> modeFromString(std::string_view s) {
    if (s == "exam") return Mode::Exam;
    if (s == "study") return Mode::Study;
    if (s == "drill") return Mode::Drill;
    return std::nullopt;
}

ExamSession::ExamSession(Paper paper, SessionConfig config, const Clock& clock)
    : m_paper(std::move(paper)), m_config(config), m_clock(clock), m_states(m_paper.items.size()) {
    m_runningSince = m_shownSince = m_clock.nowMs();
}

void ExamSession::restore(std::vector<ItemState> states, std::int64_t elapsedMs, std::size_t current) {
    states.resize(m_paper.items.size());
    m_states = std::move(states);
    m_elapsedBefore = elapsedMs;
    m_current = std::min(current, m_paper.items.empty() ? 0 : m_paper.items.size() - 1);
    m_runningSince = m_shownSince = m_clock.nowMs();
    m_running = true;
    const auto remaining = remainingMs();
    m_warned10 = remaining && *remaining <= 10 * 60'000;
    m_warned5 = remaining && *remaining <= 5 * 60'000;
}

std::int64_t ExamSession::elapsedMs() const {
    return m_elapsedBefore + (m_running && !finished() ? m_clock.nowMs() - m_runningSince : 0);
}

std::optional<std::int64_t> ExamSession::timeLimitMs() const {
    if (m_config.timeLimitMinutes <= 0) return std::nullopt;
    return static_cast<std::int64_t>(m_config.timeLimitMinutes * 60'000.0 * (1.0 + m_config.extraTimePercent / 100.0));
}

std::optional<std::int64_t> ExamSession::remainingMs() const {
    const auto limit = timeLimitMs();
    if (!limit) return std::nullopt;
    return std::max<std::int64_t>(0, *limit - elapsedMs());
}

void ExamSession::chargeCurrent() {
    if (!m_running || finished() || m_states.empty()) return;
    const std::int64_t now = m_clock.nowMs();
    m_states[m_current].timeMs += now - m_shownSince;
    m_shownSince = now;
}

void ExamSession::go(std::size_t index) {
    if (index >= m_states.size() || index == m_current) return;
    chargeCurrent();
    m_current = index;
    m_shownSince = m_clock.nowMs();
}

void ExamSession::next() {
    if (m_current + 1 < m_states.size()) go(m_current + 1);
}

void ExamSession::previous() {
    if (m_current > 0) go(m_current - 1);
}

std::optional<Feedback> ExamSession::answer(const Answer& a) {
    if (finished() || m_states.empty()) return std::nullopt;
    ItemState& s = m_states[m_current];
    if (s.checked) return std::nullopt;
    if (!s.answer.empty() && s.answer != a) ++s.changes;
    s.answer = a;
    if (!givesFeedback() || a.empty()) return std::nullopt;
    s.checked = true;
    const Question& q = m_paper.items[m_current].question;
    return Feedback{isCorrect(q, a), scoreAnswer(q, a), keyAnswer(q)};
}

void ExamSession::setFlag(std::size_t index, bool flagged) {
    if (!finished() && index < m_states.size()) m_states[index].flagged = flagged;
}

ReviewSummary ExamSession::summary() const {
    ReviewSummary r;
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        (m_states[i].answer.empty() ? r.unanswered : r.answered).push_back(i);
        if (m_states[i].flagged) r.flagged.push_back(i);
    }
    return r;
}

std::vector<TimeWarning> ExamSession::update() {
    std::vector<TimeWarning> out;
    if (finished()) return out;
    const auto limit = timeLimitMs();
    const auto remaining = remainingMs();
    if (!limit || !remaining) return out;
    // A warning is due only if the exam is longer than its threshold.
    if (!m_warned10 && *limit > 10 * 60'000 && *remaining <= 10 * 60'000 && *remaining > 0) {
        m_warned10 = true;
        out.push_back(TimeWarning::TenMinutesLeft);
    }
    if (!m_warned5 && *limit > 5 * 60'000 && *remaining <= 5 * 60'000 && *remaining > 0) {
        m_warned5 = m_warned10 = true;
        out.push_back(TimeWarning::FiveMinutesLeft);
    }
    if (*remaining <= 0) {
        finish(SessionStatus::TimedOut);
        out.push_back(TimeWarning::TimeUp);
    }
    return out;
}

void ExamSession::finish(SessionStatus status) {
    if (finished()) return;
    chargeCurrent();
    const auto limit = timeLimitMs();
    std::int64_t used = elapsedMs();
    if (limit) used = std::min(used, *limit);
    m_elapsedBefore = used;
    m_running = false;
    m_status = status;
    std::vector<Answer> answers;
    std::vector<std::int64_t> times;
    for (const auto& s : m_states) answers.push_back(s.answer), times.push_back(s.timeMs);
    ScoringRules rules{m_config.passMarkPercent, m_config.mode == Mode::Exam ? m_config.creditsIfPassed : 0.0};
    m_result = scorePaper(m_paper, answers, times, rules, used);
}

const Result& ExamSession::submit() {
    update(); // time may have run out before the click
    finish(SessionStatus::Submitted);
    return m_result;
}

void ExamSession::suspend() {
    if (!m_running || finished()) return;
    chargeCurrent();
    m_elapsedBefore += m_clock.nowMs() - m_runningSince;
    m_running = false;
}

void ExamSession::resume() {
    if (m_running || finished()) return;
    m_running = true;
    m_runningSince = m_shownSince = m_clock.nowMs();
}

bool ExamSession::setConfidence(std::size_t index, int confidence) {
    if (finished() || index >= m_states.size() || confidence < -1 || confidence > 1 || m_states[index].checked) return false;
    m_states[index].confidence = confidence;
    return true;
}

} // namespace examsim::core
