// One attempt in progress: navigation, answers, flags, time (from an injected clock), study feedback,
// time warnings and automatic submission when time runs out. UI-free: the app and the terminal exam
// both drive it.
#pragma once

#include "core/paper.hpp"
#include "core/scoring.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace examsim::core {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMs() const = 0; // monotonic milliseconds
};

class SteadyClock : public Clock {
public:
    std::int64_t nowMs() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
};

class FakeClock : public Clock {
public:
    std::int64_t nowMs() const override { return m_now; }
    void advance(std::int64_t ms) { m_now += ms; }
    void advanceSeconds(double s) { m_now += static_cast<std::int64_t>(s * 1000.0); }

private:
    std::int64_t m_now = 1'000'000;
};

// "MM:SS" (or "H:MM:SS"). Time left rounds up, so a clock never shows 00:00 while time remains;
// time used rounds down.
std::string formatClock(std::int64_t ms, bool roundUp = true);

enum class Mode { Exam, Study, Drill };
std::string_view nameOf(Mode m);
std::optional<Mode> modeFromString(std::string_view s);

enum class SessionStatus { InProgress, Submitted, TimedOut };

struct SessionConfig {
    Mode mode = Mode::Exam;
    int timeLimitMinutes = 0;     // 0 = untimed
    double extraTimePercent = 0;  // an exam accommodation: +25 scales every limit by 1.25
    double passMarkPercent = 0;
    double creditsIfPassed = 0;   // earned only in exam mode
};

struct ItemState {
    Answer answer;
    bool flagged = false;
    bool checked = false; // study and drill: feedback shown, answer locked
    std::int64_t timeMs = 0;
    int changes = 0;      // answers given after the first
    int confidence = -1;  // -1 not given, 0 unsure, 1 sure
};

struct Feedback {
    bool correct = false;
    double earned = 0;
    Answer key;
};

struct ReviewSummary {
    std::vector<std::size_t> answered;
    std::vector<std::size_t> unanswered;
    std::vector<std::size_t> flagged;
};

enum class TimeWarning { TenMinutesLeft, FiveMinutesLeft, TimeUp };

class ExamSession {
public:
    ExamSession(Paper paper, SessionConfig config, const Clock& clock);

    // Restores a session from stored state (resume after a crash or a close): answers, flags, time
    // already used. The clock starts counting again from now.
    void restore(std::vector<ItemState> states, std::int64_t elapsedMs, std::size_t current);

    const Paper& paper() const { return m_paper; }
    const SessionConfig& config() const { return m_config; }
    std::size_t size() const { return m_paper.items.size(); }
    std::size_t current() const { return m_current; }
    const PaperItem& item(std::size_t i) const { return m_paper.items.at(i); }
    const ItemState& state(std::size_t i) const { return m_states.at(i); }
    SessionStatus status() const { return m_status; }
    bool finished() const { return m_status != SessionStatus::InProgress; }
    bool givesFeedback() const { return m_config.mode != Mode::Exam; }

    void go(std::size_t index);
    void next();
    void previous();

    // Answers the current question (an empty answer clears it). In study and drill modes the answer is
    // checked and locked, and the feedback returned. Ignored once finished or locked.
    std::optional<Feedback> answer(const Answer& a);
    void setFlag(std::size_t index, bool flagged);
    void toggleFlag() { setFlag(m_current, !m_states[m_current].flagged); }

    ReviewSummary summary() const;

    std::int64_t elapsedMs() const;
    std::optional<std::int64_t> timeLimitMs() const;
    std::optional<std::int64_t> remainingMs() const;

    // Call regularly: reports warnings as their moment passes (each once), and submits the session
    // when time is up (TimeUp).
    std::vector<TimeWarning> update();

    const Result& submit();
    const Result& result() const { return m_result; }

    // Stops and restarts counting time (the app is closed or the exam paused).
    void suspend();
    void resume();
    bool running() const { return m_running; }

    // Issue 9: the learner's confidence in an answer (1 sure, 0 unsure, -1 none). Refused (false) once
    // finished, and in study and drill modes once the answer has been checked: confidence given after
    // the feedback would say nothing about calibration.
    bool setConfidence(std::size_t index, int confidence);

private:
    Paper m_paper;
    SessionConfig m_config;
    const Clock& m_clock;
    std::vector<ItemState> m_states;
    std::size_t m_current = 0;
    SessionStatus m_status = SessionStatus::InProgress;
    Result m_result;
    std::int64_t m_elapsedBefore = 0; // time counted before the current running stretch
    std::int64_t m_runningSince = 0;
    std::int64_t m_shownSince = 0;    // when the current question was last shown
    bool m_running = true;
    bool m_warned10 = false;
    bool m_warned5 = false;

    void chargeCurrent();
    void finish(SessionStatus status);
};

} // namespace examsim::core
