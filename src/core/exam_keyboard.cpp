#include "core/exam_keyboard.hpp"

#include "core/answer_input.hpp"

#include <algorithm>

namespace examsim::core {

std::vector<NavCell> navigatorCells(const ExamSession& s) {
    std::vector<NavCell> cells;
    for (std::size_t i = 0; i < s.size(); ++i)
        cells.push_back(NavCell{i, i == s.current(), !s.state(i).answer.empty(), s.state(i).flagged});
    return cells;
}

std::size_t ExamKeyboard::rows() const {
    const PaperItem& item = m_s.item(m_s.current());
    switch (item.question.type) {
    case QuestionType::Single:
    case QuestionType::Multiple: return item.optionOrder.size();
    case QuestionType::TrueFalse: return 2;
    case QuestionType::AssertionReason: return 5;
    case QuestionType::Matching: return item.premiseOrder.size();
    case QuestionType::Sequencing: return item.itemOrder.size();
    }
    return 0;
}

void ExamKeyboard::moved() {
    m_highlight = 0;
    m_feedback.reset();
    m_draft = m_s.state(m_s.current()).answer;
}

void ExamKeyboard::commit(const Answer& a) {
    m_draft = a;
    if (auto f = m_s.answer(a)) m_feedback = f;
}

// Exam mode stores every change at once; study and drill check an answer only when it is complete,
// since checking locks it.
void ExamKeyboard::update(const Answer& a, bool complete) {
    if (m_s.state(m_s.current()).checked) return;
    if (m_s.givesFeedback() && !complete) m_draft = a;
    else commit(a);
}

void ExamKeyboard::choose(std::size_t d) {
    const std::size_t i = m_s.current();
    const PaperItem& item = m_s.item(i);
    const Question& q = item.question;
    if (m_s.state(i).checked) return;
    Answer a = m_draft;
    switch (q.type) {
    case QuestionType::Single:
        if (d >= item.optionOrder.size()) return;
        commit(Answer{{q.options[static_cast<std::size_t>(item.optionOrder[d])].id}, {}});
        break;
    case QuestionType::TrueFalse:
        if (d > 1) return;
        commit(Answer{{d == 0 ? "true" : "false"}, {}});
        break;
    case QuestionType::AssertionReason:
        if (d > 4) return;
        commit(Answer{{std::string(1, static_cast<char>('a' + d))}, {}});
        break;
    case QuestionType::Multiple: {
        if (d >= item.optionOrder.size()) return;
        const std::string& id = q.options[static_cast<std::size_t>(item.optionOrder[d])].id;
        auto it = std::find(a.selected.begin(), a.selected.end(), id);
        if (it != a.selected.end()) a.selected.erase(it);
        else if (a.selected.size() < q.keyIds.size()) a.selected.push_back(id); // "choose N": no more than N
        else return;
        update(a, a.selected.size() == q.keyIds.size());
        break;
    }
    case QuestionType::Matching: {
        if (d >= item.optionOrder.size() || m_highlight >= item.premiseOrder.size()) return;
        const std::string& premise = q.premises[static_cast<std::size_t>(item.premiseOrder[m_highlight])].id;
        const std::string& option = q.options[static_cast<std::size_t>(item.optionOrder[d])].id;
        auto it = std::find_if(a.matches.begin(), a.matches.end(), [&](const auto& m) { return m.first == premise; });
        if (it != a.matches.end()) it->second = option;
        else a.matches.emplace_back(premise, option);
        sortMatchesByDisplay(item, a);
        update(a, a.matches.size() == q.premises.size());
        if (m_highlight + 1 < item.premiseOrder.size()) ++m_highlight;
        break;
    }
    case QuestionType::Sequencing: {
        if (d >= item.itemOrder.size()) return;
        const std::string& id = q.items[static_cast<std::size_t>(item.itemOrder[d])].id;
        if (std::find(a.selected.begin(), a.selected.end(), id) != a.selected.end()) return;
        a.selected.push_back(id);
        update(a, a.selected.size() == q.items.size());
        m_highlight = a.selected.size() - 1;
        break;
    }
    }
}

void ExamKeyboard::onChar(char32_t c) {
    if (m_s.finished()) return;
    if (c >= 'a' && c <= 'h') choose(static_cast<std::size_t>(c - 'a'));
    else if (c >= 'A' && c <= 'H') choose(static_cast<std::size_t>(c - 'A'));
    else if (c >= '1' && c <= '9' && m_s.item(m_s.current()).question.type != QuestionType::Matching)
        choose(static_cast<std::size_t>(c - '1'));
    else if (c >= '1' && c <= '9') { // matching: digits pick the statement
        const std::size_t row = static_cast<std::size_t>(c - '1');
        if (row < rows()) m_highlight = row;
    }
}

void ExamKeyboard::onKey(ExamKey key) {
    if (m_s.finished()) return;
    const std::size_t n = rows();
    switch (key) {
    case ExamKey::Up:
        if (m_highlight > 0) --m_highlight;
        break;
    case ExamKey::Down:
        if (m_highlight + 1 < n) ++m_highlight;
        break;
    case ExamKey::Left:
        m_s.previous();
        moved();
        break;
    case ExamKey::Right:
        m_s.next();
        moved();
        break;
    case ExamKey::Enter:
    case ExamKey::Space: {
        const auto type = m_s.item(m_s.current()).question.type;
        if (type == QuestionType::Matching || type == QuestionType::Sequencing) break;
        choose(m_highlight);
        break;
    }
    case ExamKey::Flag: m_s.toggleFlag(); break;
    case ExamKey::Clear:
        if (!m_s.state(m_s.current()).checked) commit(Answer{});
        break;
    case ExamKey::MoveUp:
    case ExamKey::MoveDown: {
        // Sequencing: move the highlighted step of the learner's order.
        const std::size_t i = m_s.current();
        if (m_s.item(i).question.type != QuestionType::Sequencing) break;
        if (m_s.state(i).checked) break;
        Answer a = m_draft;
        const std::size_t h = m_highlight;
        if (h >= a.selected.size()) break;
        const std::size_t to = key == ExamKey::MoveUp ? (h == 0 ? h : h - 1) : std::min(h + 1, a.selected.size() - 1);
        if (to == h) break;
        std::swap(a.selected[h], a.selected[to]);
        m_highlight = to;
        update(a, a.selected.size() == m_s.item(i).question.items.size());
        break;
    }
    }
}

} // namespace examsim::core
