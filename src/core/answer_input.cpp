#include "core/answer_input.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace examsim::core {

char displayLetter(std::size_t i) { return static_cast<char>('A' + i); }

void sortMatchesByDisplay(const PaperItem& item, Answer& answer) {
    const Question& q = item.question;
    auto position = [&](const std::string& premiseId) {
        for (std::size_t k = 0; k < item.premiseOrder.size(); ++k)
            if (q.premises[static_cast<std::size_t>(item.premiseOrder[k])].id == premiseId) return k;
        return item.premiseOrder.size();
    };
    std::stable_sort(answer.matches.begin(), answer.matches.end(),
                     [&](const auto& x, const auto& y) { return position(x.first) < position(y.first); });
}

namespace {

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Splits on spaces and commas.
std::vector<std::string> tokens(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == ',' || c == '\t' || c == ';') {
            if (!cur.empty()) out.push_back(cur), cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// Letters given either as separate tokens ("a c") or run together ("ac").
std::vector<char> letters(std::string_view s) {
    std::vector<char> out;
    for (const auto& t : tokens(lower(s)))
        for (char c : t) out.push_back(c);
    return out;
}

std::optional<std::size_t> letterIndex(char c, std::size_t count) {
    if (c < 'a' || c >= static_cast<char>('a' + count)) return std::nullopt;
    return static_cast<std::size_t>(c - 'a');
}

std::string range(std::size_t count) { return fmt::format("A to {}", displayLetter(count - 1)); }

} // namespace

std::variant<Answer, InputError> parseAnswerText(const PaperItem& item, std::string_view text) {
    const Question& q = item.question;
    Answer a;
    const std::string t = lower(text);
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple: {
        const auto ls = letters(t);
        if (ls.empty()) return InputError{"type the letter of your answer"};
        std::set<std::size_t> seen;
        for (char c : ls) {
            const auto i = letterIndex(c, item.optionOrder.size());
            if (!i) return InputError{fmt::format("'{}' is not an option: use {}", c, range(item.optionOrder.size()))};
            if (!seen.insert(*i).second) return InputError{fmt::format("'{}' is given twice", c)};
            a.selected.push_back(q.options[static_cast<std::size_t>(item.optionOrder[*i])].id);
        }
        if (q.type == QuestionType::Single && a.selected.size() != 1) return InputError{"choose exactly one option"};
        if (q.type == QuestionType::Multiple && a.selected.size() != q.keyIds.size())
            return InputError{fmt::format("choose exactly {} options", q.keyIds.size())};
        return a;
    }
    case QuestionType::TrueFalse: {
        const auto tk = tokens(t);
        if (tk.size() != 1) return InputError{"answer t (true) or f (false)"};
        if (tk[0] == "t" || tk[0] == "true" || tk[0] == "a") a.selected = {"true"};
        else if (tk[0] == "f" || tk[0] == "false" || tk[0] == "b") a.selected = {"false"};
        else return InputError{"answer t (true) or f (false)"};
        return a;
    }
    case QuestionType::AssertionReason: {
        const auto ls = letters(t);
        if (ls.size() != 1 || !letterIndex(ls[0], 5)) return InputError{"choose one of A to E"};
        a.selected = {std::string(1, ls[0])};
        return a;
    }
    case QuestionType::Sequencing: {
        const auto ls = letters(t);
        const std::size_t n = item.itemOrder.size();
        if (ls.size() != n) return InputError{fmt::format("give all {} letters in order, e.g. \"{}\"", n, n >= 2 ? "b a ..." : "a")};
        std::set<std::size_t> seen;
        for (char c : ls) {
            const auto i = letterIndex(c, n);
            if (!i) return InputError{fmt::format("'{}' is not an item: use {}", c, range(n))};
            if (!seen.insert(*i).second) return InputError{fmt::format("'{}' is given twice", c)};
            a.selected.push_back(q.items[static_cast<std::size_t>(item.itemOrder[*i])].id);
        }
        return a;
    }
    case QuestionType::Matching: {
        const std::size_t np = item.premiseOrder.size(), no = item.optionOrder.size();
        std::set<std::size_t> seen;
        for (const auto& tok : tokens(t)) {
            std::size_t digits = 0;
            while (digits < tok.size() && std::isdigit(static_cast<unsigned char>(tok[digits]))) ++digits;
            if (digits == 0 || digits + 1 != tok.size())
                return InputError{fmt::format("'{}': write each pair as a number and a letter, e.g. 1c", tok)};
            const std::size_t p = static_cast<std::size_t>(std::stoul(tok.substr(0, digits)));
            if (p < 1 || p > np) return InputError{fmt::format("there is no statement {}: use 1 to {}", p, np)};
            const auto o = letterIndex(tok[digits], no);
            if (!o) return InputError{fmt::format("'{}' is not an option: use {}", tok[digits], range(no))};
            if (!seen.insert(p).second) return InputError{fmt::format("statement {} is matched twice", p)};
            a.matches.emplace_back(q.premises[static_cast<std::size_t>(item.premiseOrder[p - 1])].id,
                                   q.options[static_cast<std::size_t>(item.optionOrder[*o])].id);
        }
        if (a.matches.empty()) return InputError{"match each numbered statement to a letter, e.g. 1c 2a 3b"};
        sortMatchesByDisplay(item, a);
        return a;
    }
    }
    return InputError{"unsupported question type"};
}

std::string answerText(const PaperItem& item, const Answer& answer) {
    const Question& q = item.question;
    auto optionLetter = [&](const std::string& id) -> std::string {
        for (std::size_t i = 0; i < item.optionOrder.size(); ++i)
            if (q.options[static_cast<std::size_t>(item.optionOrder[i])].id == id) return std::string(1, displayLetter(i));
        return "?";
    };
    std::vector<std::string> parts;
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
        for (const auto& id : answer.selected) parts.push_back(optionLetter(id));
        std::sort(parts.begin(), parts.end());
        return fmt::format("{}", fmt::join(parts, ", "));
    case QuestionType::TrueFalse:
        return answer.selected.empty() ? "" : (answer.selected[0] == "true" ? "True" : "False");
    case QuestionType::AssertionReason:
        return answer.selected.empty() ? "" : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(answer.selected[0][0]))));
    case QuestionType::Sequencing:
        for (const auto& id : answer.selected)
            for (std::size_t i = 0; i < item.itemOrder.size(); ++i)
                if (q.items[static_cast<std::size_t>(item.itemOrder[i])].id == id) parts.emplace_back(1, displayLetter(i));
        return fmt::format("{}", fmt::join(parts, " "));
    case QuestionType::Matching:
        for (const auto& [premise, option] : answer.matches)
            for (std::size_t i = 0; i < item.premiseOrder.size(); ++i)
                if (q.premises[static_cast<std::size_t>(item.premiseOrder[i])].id == premise)
                    parts.push_back(fmt::format("{}{}", i + 1, optionLetter(option)));
        return fmt::format("{}", fmt::join(parts, " "));
    }
    return "";
}

} // namespace examsim::core
