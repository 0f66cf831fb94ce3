// CSV import (issue 8): one question per row under a header row; the columns are in docs/importing.md.
#include "core/gift.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>

namespace examsim::core {

namespace {

struct Record {
    int line = 0;
    std::vector<std::string> cells;
    std::string error; // the record is unusable when set
};

// RFC 4180: cells separated by commas, records by CRLF or LF; a quoted cell may hold commas, line
// breaks and doubled quotes. Returns false (with `fatal`) when a quoted cell never closes.
bool parseCsv(std::string_view text, std::vector<Record>& records, ImportMessage& fatal) {
    std::size_t i = 0;
    int line = 1;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < text.size()) {
        Record r;
        r.line = line;
        std::string cell;
        bool endOfRecord = false;
        while (!endOfRecord) {
            if (i < text.size() && text[i] == '"') {
                const int opened = line;
                ++i;
                bool closed = false;
                while (i < text.size()) {
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"')
                            cell += '"', i += 2;
                        else {
                            ++i;
                            closed = true;
                            break;
                        }
                    } else {
                        if (text[i] == '\n') ++line;
                        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) cell += text[i];
                        ++i;
                    }
                }
                if (!closed) {
                    fatal = {ImportMessage::Kind::Skipped, opened,
                             "the quoted cell that starts here is not closed; this row and the rest of the "
                             "file are skipped"};
                    return false;
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r' &&
                    r.error.empty())
                    r.error =
                        R"(text after the closing quote of a cell: write "" for a quote inside a quoted cell)";
            }
            while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                if (text[i] == '"' && r.error.empty())
                    r.error =
                        R"(a quote inside an unquoted cell: put the whole cell in quotes and write the quote as "")";
                cell += text[i++];
            }
            r.cells.push_back(std::move(cell));
            cell.clear();
            if (i >= text.size()) {
                endOfRecord = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                if (text[i] == '\r') ++i;
                if (i < text.size() && text[i] == '\n') ++i;
                ++line;
                endOfRecord = true;
            }
        }
        records.push_back(std::move(r));
    }
    return true;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string lowered(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

constexpr const char* kColumns[] = {
    "id",    "topic", "type", "stem",        "a",         "b",     "c",          "d",
    "e",     "f",     "key",  "explanation", "reference", "level", "difficulty", "cognitive_level",
    "status"};

// "1:2018 8.6.1" (a part of ISO/IEC 20000) or "ISO 19011:2018 6.4.7" (another standard).
std::optional<Reference> parseReference(const std::string& s) {
    const std::size_t colon = s.rfind(':', s.find(' ', s.find(':')));
    if (colon == std::string::npos) return std::nullopt;
    const std::string who = trimmed(s.substr(0, colon));
    const std::string rest = trimmed(s.substr(colon + 1));
    const std::size_t space = rest.find(' ');
    if (who.empty() || space == std::string::npos) return std::nullopt;
    Reference r;
    r.standard = "ISO/IEC 20000";
    const bool isPart =
        std::all_of(who.begin(), who.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
    if (isPart)
        r.part = who;
    else
        r.standard = who;
    const std::string edition = rest.substr(0, space);
    if (edition.size() != 4 ||
        !std::all_of(edition.begin(), edition.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    r.edition = std::stoi(edition);
    r.clause = trimmed(rest.substr(space + 1));
    if (r.clause.empty()) return std::nullopt;
    return r;
}

} // namespace

ImportResult importCsv(std::string_view text, const ImportOptions& options) {
    ImportResult out;
    std::vector<Record> records;
    ImportMessage fatal;
    const bool complete = parseCsv(text, records, fatal);
    auto skip = [&](int line, std::string message) {
        out.messages.push_back({ImportMessage::Kind::Skipped, line, std::move(message)});
        ++out.skipped;
    };
    auto finish = [&] {
        if (!complete) {
            out.messages.push_back(fatal);
            ++out.skipped;
        }
        return out;
    };
    if (records.empty()) {
        if (complete)
            out.messages.push_back(
                {ImportMessage::Kind::Skipped, 0, "the file is empty: it needs a header row"});
        return finish();
    }

    std::map<std::string, std::size_t> col;
    const Record& header = records[0];
    if (!header.error.empty()) {
        skip(header.line, header.error);
        return out;
    }
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        const std::string name = lowered(trimmed(header.cells[i]));
        if (std::find(std::begin(kColumns), std::end(kColumns), name) == std::end(kColumns))
            out.messages.push_back(
                {ImportMessage::Kind::Note, header.line,
                 fmt::format(R"(column "{}" is not one of the columns read; it is ignored)",
                             header.cells[i])});
        else if (!col.emplace(name, i).second) {
            skip(header.line, fmt::format(R"(column "{}" appears twice in the header)", name));
            return finish();
        }
    }
    for (const char* required : {"type", "stem", "key"})
        if (!col.count(required)) {
            skip(header.line,
                 fmt::format(R"(the header has no "{}" column (required: type, stem, key))", required));
            return finish();
        }

    IdAllocator ids(options.bankId);
    TopicMapper topics(options.topics, out);
    for (std::size_t r = 1; r < records.size(); ++r) {
        const Record& rec = records[r];
        if (std::all_of(rec.cells.begin(), rec.cells.end(),
                        [](const std::string& c) { return trimmed(c).empty(); }))
            continue;
        if (!rec.error.empty()) {
            skip(rec.line, rec.error);
            continue;
        }
        if (rec.cells.size() != header.cells.size()) {
            skip(rec.line,
                 fmt::format("the row has {} cells, the header {}", rec.cells.size(), header.cells.size()));
            continue;
        }
        auto cell = [&](const char* name) {
            return col.count(name) ? trimmed(rec.cells[col.at(name)]) : std::string();
        };
        bool validUtf8 = true;
        for (const auto& c : rec.cells)
            for (std::size_t p = 0; p < c.size() && validUtf8;) validUtf8 = decodeUtf8(c, p).has_value();
        if (!validUtf8) {
            skip(rec.line, "the row is not valid UTF-8 (save the file as UTF-8)");
            continue;
        }

        Question q;
        q.status = Status::Draft;
        q.level = options.level;
        q.difficulty = 0;
        const std::string type = lowered(cell("type"));
        if (type == "single")
            q.type = QuestionType::Single;
        else if (type == "multiple")
            q.type = QuestionType::Multiple;
        else if (type == "truefalse" || type == "true_false")
            q.type = QuestionType::TrueFalse;
        else {
            skip(rec.line, fmt::format(R"(type "{}" is not single, multiple or truefalse)", cell("type")));
            continue;
        }
        q.stem = cell("stem");
        if (q.stem.empty()) {
            skip(rec.line, "the stem is empty");
            continue;
        }
        std::string problem;
        const std::string key = cell("key");
        if (q.type == QuestionType::TrueFalse) {
            const std::string k = lowered(key);
            if (k == "true" || k == "t")
                q.keyTrue = true;
            else if (k == "false" || k == "f")
                q.keyTrue = false;
            else
                problem = fmt::format(R"(key "{}" of a truefalse question must be true or false)", key);
        } else {
            for (const char* letter : {"a", "b", "c", "d", "e", "f"})
                if (!cell(letter).empty()) q.options.push_back(Choice{letter, cell(letter), ""});
            for (char c : lowered(key)) {
                if (c == ',' || c == ' ' || c == ';') continue;
                const std::string id(1, c);
                if (std::none_of(q.options.begin(), q.options.end(),
                                 [&](const Choice& o) { return o.id == id; })) {
                    problem =
                        fmt::format(R"(key letter "{}" names no filled option column (A to F))",
                                    std::string(1, static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c)));
                    break;
                }
                if (std::find(q.keyIds.begin(), q.keyIds.end(), id) == q.keyIds.end()) q.keyIds.push_back(id);
            }
            if (problem.empty() && q.keyIds.empty())
                problem = "the key is empty: give the letter(s) of the right option(s)";
            else if (problem.empty() && q.type == QuestionType::Single && q.keyIds.size() != 1)
                problem = fmt::format(R"(a single question has one key letter, not "{}")", key);
            else if (problem.empty() && q.type == QuestionType::Multiple && q.keyIds.size() < 2)
                problem = fmt::format(R"(a multiple question needs at least two key letters, not "{}")", key);
            else if (problem.empty() && q.options.size() < 2)
                problem = "a question needs at least two options (columns A to F)";
        }
        if (const std::string v = cell("level"); problem.empty() && !v.empty()) {
            if (auto l = levelFromString(lowered(v)))
                q.level = *l;
            else
                problem = fmt::format(R"(level "{}" is not foundation, practitioner or auditor)", v);
        }
        if (const std::string v = cell("difficulty"); problem.empty() && !v.empty()) {
            if (v == "1" || v == "2" || v == "3")
                q.difficulty = v[0] - '0';
            else
                problem = fmt::format(R"(difficulty "{}" is not 1, 2 or 3)", v);
        }
        if (const std::string v = cell("cognitive_level"); problem.empty() && !v.empty()) {
            if (auto c = cognitiveLevelFromString(lowered(v)))
                q.cognitiveLevel = *c;
            else
                problem = fmt::format(
                    R"(cognitive_level "{}" is not knowledge, comprehension, application or analysis)", v);
        }
        if (const std::string v = cell("status"); problem.empty() && !v.empty()) {
            if (auto s = statusFromString(lowered(v)))
                q.status = *s;
            else
                problem = fmt::format(R"(status "{}" is not draft or ready)", v);
        }
        if (const std::string v = cell("reference"); problem.empty() && !v.empty()) {
            std::size_t start = 0;
            while (start <= v.size()) {
                const std::size_t semi = std::min(v.find(';', start), v.size());
                const std::string one = trimmed(v.substr(start, semi - start));
                if (!one.empty()) {
                    if (auto ref = parseReference(one))
                        q.references.push_back(*ref);
                    else {
                        problem = fmt::format(
                            R"(reference "{}" is not PART:EDITION CLAUSE (such as 1:2018 8.6.1) or STANDARD:EDITION CLAUSE)",
                            one);
                        break;
                    }
                }
                start = semi + 1;
            }
        }
        if (!problem.empty()) {
            skip(rec.line, problem);
            continue;
        }
        q.explanation = cell("explanation");
        q.topic = topics.map(cell("topic"), rec.line);
        const std::string id = cell("id");
        if (!id.empty() && ids.isFree(id)) {
            q.id = id;
            ids.take(id);
        } else {
            q.id = ids.next();
            if (!id.empty())
                out.messages.push_back(
                    {ImportMessage::Kind::Note, rec.line,
                     fmt::format(R"(id "{}" is not a free question id; the question is "{}")", id, q.id)});
        }
        out.questions.push_back(std::move(q));
    }
    return finish();
}

} // namespace examsim::core
