// What the exam screen does on a key, kept out of the GUI so it can be tested without a window: option
// letters and digits (taken from character input, so they follow the keyboard layout), arrows, Enter,
// Space and flagging, for every item type; and how the navigator classifies questions.
#pragma once

#include "core/session.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace examsim::core {

enum class ExamKey { Up, Down, Left, Right, Enter, Space, Flag, MoveUp, MoveDown, Clear };

struct NavCell {
    std::size_t index = 0;
    bool current = false;
    bool answered = false;
    bool flagged = false;
};
std::vector<NavCell> navigatorCells(const ExamSession& session);

class ExamKeyboard {
public:
    explicit ExamKeyboard(ExamSession& session) : m_s(session), m_draft(session.size() ? session.state(session.current()).answer : Answer{}) {}

    // The highlighted row of the current question: an option, a statement (matching) or a position in
    // the learner's order (sequencing).
    std::size_t highlight() const { return m_highlight; }
    // Rows the highlight moves over for the current question.
    std::size_t rows() const;
    // Study and drill: the feedback of the last checked answer, until the question changes.
    const std::optional<Feedback>& feedback() const { return m_feedback; }
    // The answer as the learner is building it (in study mode not yet checked until complete).
    const Answer& draft() const { return m_draft; }

    void onChar(char32_t c);
    void onKey(ExamKey key);
    // Call when the screen moved to another question by other means (a click in the navigator).
    void questionChanged() { moved(); }

private:
    ExamSession& m_s;
    std::size_t m_highlight = 0;
    std::optional<Feedback> m_feedback;
    Answer m_draft;

    void choose(std::size_t displayIndex); // an option letter or the highlighted row
    void commit(const Answer& a);
    void update(const Answer& a, bool complete);
    void moved();
};

} // namespace examsim::core
