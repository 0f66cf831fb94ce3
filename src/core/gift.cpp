#include "core/gift.hpp"

#include "core/json_checker.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <optional>

namespace examsim::core {

std::string format(const std::string& file, const ImportMessage& m) {
    const std::string where = m.line > 0 ? fmt::format("{}:{}", file, m.line) : file;
    return fmt::format("{}: {}: {}", where, m.kind == ImportMessage::Kind::Skipped ? "skipped" : "note",
                       m.message);
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::string choiceId(std::size_t i) {
    return std::string(1, static_cast<char>('a' + i));
}

} // namespace

std::string matchTopic(const std::vector<TopicName>& topics, std::string_view name) {
    const std::string wanted = normalizedForComparison(name);
    for (const auto& t : topics)
        if (t.id == name || normalizedForComparison(t.title) == wanted ||
            normalizedForComparison(t.id) == wanted)
            return t.id;
    return "";
}

std::string slugId(std::string_view name) {
    std::string out;
    for (char c : lower(name)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.size() > 64) out.resize(64);
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string TopicMapper::map(const std::string& name, int line) {
    if (trim(name).empty()) return "";
    if (std::string id = matchTopic(m_known, name); !id.empty()) return id;
    const std::string slug = slugId(name);
    if (slug.empty()) return "";
    for (const auto& t : m_out.newTopics)
        if (t.id == slug) return slug;
    Topic t;
    t.id = slug;
    t.title = trim(name);
    m_out.newTopics.push_back(t);
    m_out.messages.push_back(
        {ImportMessage::Kind::Note, line,
         fmt::format(R"("{}" matches no topic id or title; the bank defines topic "{}" for it)", trim(name),
                     slug)});
    return slug;
}

bool IdAllocator::isFree(const std::string& id) const {
    return JsonChecker::isId(id) && std::find(m_used.begin(), m_used.end(), id) == m_used.end();
}
void IdAllocator::take(const std::string& id) {
    m_used.push_back(id);
}
std::string IdAllocator::next() {
    std::string id;
    do id = fmt::format("{}-{:03}", m_prefix.empty() ? "Q" : m_prefix, ++m_counter);
    while (!isFree(id));
    take(id);
    return id;
}

namespace {

// One question's text with the line each character came from, so errors can name the exact line.
struct Block {
    std::string text;
    std::vector<int> lineOf; // per byte of text
    int lineAt(std::size_t pos) const {
        return lineOf.empty() ? 0 : lineOf[std::min(pos, lineOf.size() - 1)];
    }
};

bool escapedAt(std::string_view s, std::size_t pos) {
    std::size_t n = 0;
    while (pos > n && s[pos - n - 1] == '\\') ++n;
    return n % 2 == 1;
}

// The first unescaped occurrence of `what` at or after `from`.
std::size_t findUnescaped(std::string_view s, std::string_view what, std::size_t from = 0) {
    for (std::size_t p = s.find(what, from); p != std::string_view::npos; p = s.find(what, p + 1))
        if (!escapedAt(s, p)) return p;
    return std::string_view::npos;
}

std::string stripHtml(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            const std::size_t close = s.find('>', i);
            if (close == std::string::npos) {
                out += s.substr(i);
                break;
            }
            const std::string tag = lower(s.substr(i + 1, close - i - 1));
            if (tag.rfind("br", 0) == 0)
                out += '\n';
            else if (tag == "/p")
                out += "\n\n";
            i = close;
        } else if (s[i] == '&') {
            static const std::pair<const char*, const char*> kEntities[] = {{"&amp;", "&"}, {"&lt;", "<"},
                                                                            {"&gt;", ">"},  {"&quot;", "\""},
                                                                            {"&#39;", "'"}, {"&nbsp;", " "}};
            bool done = false;
            for (const auto& [e, c] : kEntities)
                if (s.compare(i, std::strlen(e), e) == 0) {
                    out += c;
                    i += std::strlen(e) - 1;
                    done = true;
                    break;
                }
            if (!done) out += '&';
        } else {
            out += s[i];
        }
    }
    return out;
}

enum class TextFormat { Moodle, Html, Markdown, Plain };

// GIFT text to plain text: line breaks of the file become spaces, escapes become their characters.
std::string giftText(std::string_view raw, TextFormat fmtKind) {
    std::string joined;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\n') {
            while (!joined.empty() && (joined.back() == ' ' || joined.back() == '\t')) joined.pop_back();
            joined += ' ';
            while (i + 1 < raw.size() && (raw[i + 1] == ' ' || raw[i + 1] == '\t')) ++i;
        } else {
            joined += raw[i];
        }
    }
    std::string out;
    for (std::size_t i = 0; i < joined.size(); ++i) {
        if (joined[i] == '\\' && i + 1 < joined.size()) {
            const char n = joined[i + 1];
            if (n == 'n')
                out += '\n', ++i;
            else if (std::string_view("~=#{}:\\").find(n) != std::string_view::npos)
                out += n, ++i;
            else
                out += '\\';
        } else {
            out += joined[i];
        }
    }
    if (fmtKind == TextFormat::Html) out = stripHtml(out);
    // Trim spaces around the text and around paragraph breaks.
    std::string cleaned;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\n') {
            while (!cleaned.empty() && cleaned.back() == ' ') cleaned.pop_back();
            cleaned += '\n';
            while (i + 1 < out.size() && out[i + 1] == ' ') ++i;
        } else {
            cleaned += out[i];
        }
    }
    const auto b = cleaned.find_first_not_of(" \n");
    if (b == std::string::npos) return "";
    return cleaned.substr(b, cleaned.find_last_not_of(" \n") - b + 1);
}

struct Answer {
    char mark = '=';              // '=' or '~'
    std::optional<double> weight; // %n%
    std::string text;             // raw (escapes not yet resolved)
    std::string feedback;         // raw
    std::size_t pos = 0;          // in the block, for line numbers
};

class GiftReader {
  public:
    GiftReader(const ImportOptions& options, ImportResult& out)
        : m_options(options), m_out(out), m_ids(options.bankId), m_topics(options.topics, out) {}

    void read(std::string_view input) {
        std::string text(input);
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
        Block block;
        int lineNo = 0;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            std::string line = text.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            ++lineNo;
            const std::string t = trim(line);
            if (t.empty()) {
                finish(block);
            } else if (t.rfind("//", 0) != 0) {
                if (t.rfind("$CATEGORY:", 0) == 0 && block.text.empty()) {
                    setCategory(trim(t.substr(10)), lineNo);
                } else {
                    if (!block.text.empty()) block.text += '\n', block.lineOf.push_back(lineNo);
                    block.text += line;
                    block.lineOf.insert(block.lineOf.end(), line.size(), lineNo);
                }
            }
            if (end == text.size()) break;
            pos = end + 1;
        }
        finish(block);
    }

  private:
    const ImportOptions& m_options;
    ImportResult& m_out;
    IdAllocator m_ids;
    TopicMapper m_topics;
    std::string m_topic;

    void skip(int line, std::string message) {
        m_out.messages.push_back({ImportMessage::Kind::Skipped, line, std::move(message)});
        ++m_out.skipped;
    }
    void note(int line, std::string message) {
        m_out.messages.push_back({ImportMessage::Kind::Note, line, std::move(message)});
    }

    void setCategory(const std::string& value, int line) {
        // Moodle writes paths such as $course$/top/Incident management: the last part names the topic.
        std::string name = value;
        if (const auto slash = name.rfind('/'); slash != std::string::npos)
            name = trim(name.substr(slash + 1));
        m_topic = m_topics.map(name, line);
    }

    void finish(Block& block) {
        if (!block.text.empty()) question(block);
        block = Block{};
    }

    void question(const Block& b) {
        const std::string& s = b.text;
        const int first = b.lineAt(0);
        if (!isValidUtf8(s)) return skip(first, "the text is not valid UTF-8 (save the file as UTF-8)");
        std::size_t pos = s.find_first_not_of(" \t\n");
        std::string title;
        if (s.compare(pos, 2, "::") == 0) {
            const std::size_t close = findUnescaped(s, "::", pos + 2);
            if (close == std::string::npos)
                return skip(first, "the title is not closed: write ::title:: before the question text");
            title = giftText(std::string_view(s).substr(pos + 2, close - pos - 2), TextFormat::Plain);
            pos = close + 2;
        }
        const std::size_t open = findUnescaped(s, "{", pos);
        if (open == std::string::npos)
            return skip(first,
                        "no answer block { }: descriptions (text without a question) are not supported");
        const std::size_t close = findUnescaped(s, "}", open + 1);
        if (close == std::string::npos)
            return skip(b.lineAt(open), "the answer block opened with { is not closed with }");
        if (findUnescaped(s, "{", open + 1) < close)
            return skip(b.lineAt(open), "a { inside the answer block: write \\{ for a literal brace");
        if (!trim(std::string_view(s).substr(close + 1)).empty())
            return skip(b.lineAt(close),
                        "text after the answer block (a missing-word or cloze question) is not supported");

        std::string stemRaw = s.substr(pos, open - pos);
        TextFormat textFormat = TextFormat::Moodle;
        {
            const std::string t = trim(stemRaw);
            static const std::pair<const char*, TextFormat> kFormats[] = {
                {"[html]", TextFormat::Html},
                {"[moodle]", TextFormat::Moodle},
                {"[markdown]", TextFormat::Markdown},
                {"[plain]", TextFormat::Plain}};
            for (const auto& [prefix, f] : kFormats)
                if (t.rfind(prefix, 0) == 0) {
                    textFormat = f;
                    stemRaw = t.substr(std::strlen(prefix));
                }
        }
        Question q;
        q.status = Status::Draft;
        q.level = m_options.level;
        q.difficulty = 0; // not known: left out of the file, so the validator asks for it
        q.topic = m_topic;
        q.stem = giftText(stemRaw, textFormat);
        if (q.stem.empty()) return skip(first, "the question has no text before its answer block");

        std::string body = s.substr(open + 1, close - open - 1);
        const std::size_t bodyPos = open + 1;
        const std::string trimmed = trim(body);
        if (trimmed.empty()) return skip(b.lineAt(open), "essay questions ({}) are not supported");
        if (trimmed[0] == '#') return skip(b.lineAt(open), "numerical questions ({#...}) are not supported");
        if (const std::size_t general = findUnescaped(body, "####"); general != std::string::npos) {
            q.explanation = giftText(std::string_view(body).substr(general + 4), textFormat);
            body.resize(general);
        }
        if (!trueFalse(body, textFormat, b.lineAt(open), q)) {
            std::vector<Answer> answers;
            if (!splitAnswers(body, bodyPos, b, answers)) return;
            const bool matching = std::any_of(answers.begin(), answers.end(), [](const Answer& a) {
                return findUnescaped(a.text, "->") != std::string::npos;
            });
            if (matching ? !readMatching(answers, textFormat, b, q) : !readChoice(answers, textFormat, b, q))
                return;
        }
        if (!title.empty()) {
            if (m_ids.isFree(title)) {
                q.id = title;
                m_ids.take(title);
            } else {
                q.id = m_ids.next();
                note(
                    first,
                    fmt::format(
                        R"(title "{}" is not a free question id (letters, digits, '.', '_', '-'); the question is "{}")",
                        title, q.id));
            }
        } else {
            q.id = m_ids.next();
        }
        m_out.questions.push_back(std::move(q));
    }

    bool trueFalse(const std::string& body, TextFormat textFormat, int line, Question& q) {
        const std::size_t hash = findUnescaped(body, "#");
        const std::string word = lower(trim(std::string_view(body).substr(0, hash)));
        if (word != "t" && word != "f" && word != "true" && word != "false") return false;
        q.type = QuestionType::TrueFalse;
        q.keyTrue = word[0] == 't';
        if (hash != std::string::npos) {
            // {T#feedback when answered wrongly#feedback when answered rightly}
            const std::size_t second = findUnescaped(body, "#", hash + 1);
            const std::string wrong =
                giftText(std::string_view(body).substr(
                             hash + 1, second == std::string::npos ? std::string::npos : second - hash - 1),
                         textFormat);
            const std::string right = second == std::string::npos
                                          ? ""
                                          : giftText(std::string_view(body).substr(second + 1), textFormat);
            if (q.explanation.empty()) q.explanation = right;
            if (!wrong.empty())
                note(line,
                     fmt::format(
                         R"(the feedback for a wrong answer ("{}") has no place in the bank and is left out)",
                         wrong));
        }
        return true;
    }

    bool splitAnswers(const std::string& body, std::size_t bodyPos, const Block& b,
                      std::vector<Answer>& answers) {
        std::vector<std::size_t> marks;
        for (std::size_t i = 0; i < body.size(); ++i)
            if ((body[i] == '=' || body[i] == '~') && !escapedAt(body, i)) marks.push_back(i);
        if (marks.empty() || !trim(std::string_view(body).substr(0, marks[0])).empty()) {
            skip(b.lineAt(bodyPos),
                 "an answer must start with = (right) or ~ (wrong); write \\= or \\~ for the characters");
            return false;
        }
        for (std::size_t k = 0; k < marks.size(); ++k) {
            Answer a;
            a.mark = body[marks[k]];
            a.pos = bodyPos + marks[k];
            const std::size_t end = k + 1 < marks.size() ? marks[k + 1] : body.size();
            std::string part = body.substr(marks[k] + 1, end - marks[k] - 1);
            const std::string lead = trim(part);
            if (!lead.empty() && lead[0] == '%') {
                const std::size_t start = part.find('%');
                const std::size_t stop = part.find('%', start + 1);
                const std::string w =
                    stop == std::string::npos ? "" : part.substr(start + 1, stop - start - 1);
                char* endp = nullptr;
                const double v = std::strtod(w.c_str(), &endp);
                if (w.empty() || *endp != '\0' || v < -100 || v > 100) {
                    skip(b.lineAt(a.pos),
                         fmt::format(R"(weight "%{}" is not a percentage from -100 to 100 between two %)",
                                     stop == std::string::npos ? trim(part.substr(start + 1)) : w + "%"));
                    return false;
                }
                a.weight = v;
                part = part.substr(stop + 1);
            }
            const std::size_t hash = findUnescaped(part, "#");
            a.text = part.substr(0, hash);
            if (hash != std::string::npos) a.feedback = part.substr(hash + 1);
            answers.push_back(std::move(a));
        }
        return true;
    }

    bool countOk(std::size_t n, const char* what, int line) {
        if (n >= 2 && n <= 8) return true;
        skip(line, fmt::format("{} {}: a question needs 2 to 8", n, what));
        return false;
    }

    bool readChoice(const std::vector<Answer>& answers, TextFormat textFormat, const Block& b, Question& q) {
        const int line = b.lineAt(answers[0].pos);
        const bool weighted =
            std::any_of(answers.begin(), answers.end(), [](const Answer& a) { return a.weight.has_value(); });
        const auto right =
            std::count_if(answers.begin(), answers.end(), [](const Answer& a) { return a.mark == '='; });
        if (!weighted && right == static_cast<long>(answers.size())) {
            skip(line, "short-answer questions (every answer marked =) are not supported");
            return false;
        }
        if (!countOk(answers.size(), "answers", line)) return false;
        double positive = 0;
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const Answer& a = answers[i];
            Choice c{choiceId(i), giftText(a.text, textFormat), giftText(a.feedback, textFormat)};
            if (c.text.empty()) {
                skip(b.lineAt(a.pos), "an answer has no text");
                return false;
            }
            const double w = a.weight.value_or(a.mark == '=' ? 100.0 : 0.0);
            if (w > 0) q.keyIds.push_back(c.id), positive += w;
            q.options.push_back(std::move(c));
        }
        if (q.keyIds.empty()) {
            skip(line, "no answer is right: mark the right answer with = (or give right answers a positive "
                       "%weight%)");
            return false;
        }
        if (!weighted && q.keyIds.size() > 1) {
            skip(line,
                 fmt::format(
                     "{} answers are marked =: mark one right answer with =, or several with ~%50% weights",
                     q.keyIds.size()));
            return false;
        }
        if (q.keyIds.size() == 1) {
            if (std::fabs(positive - 100) > 0.01) {
                skip(line,
                     fmt::format("the only right answer has weight {}%: a single right answer must have 100%",
                                 positive));
                return false;
            }
            q.type = QuestionType::Single;
            return true;
        }
        if (std::fabs(positive - 100) > 0.01) {
            skip(line, fmt::format("the positive weights add up to {}%, not 100%", positive));
            return false;
        }
        q.type = QuestionType::Multiple;
        q.partialMarks = true; // Moodle gives part of the marks for part of the right answers
        return true;
    }

    bool readMatching(const std::vector<Answer>& answers, TextFormat textFormat, const Block& b,
                      Question& q) {
        const int line = b.lineAt(answers[0].pos);
        if (!countOk(answers.size(), "pairs", line)) return false;
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const Answer& a = answers[i];
            const std::size_t arrow = findUnescaped(a.text, "->");
            if (a.mark != '=' || arrow == std::string::npos || a.weight) {
                skip(b.lineAt(a.pos), "every answer of a matching question must be =premise -> match");
                return false;
            }
            const std::string premise = giftText(std::string_view(a.text).substr(0, arrow), textFormat);
            const std::string match = giftText(std::string_view(a.text).substr(arrow + 2), textFormat);
            if (premise.empty() || match.empty()) {
                skip(b.lineAt(a.pos), "a matching pair needs text on both sides of ->");
                return false;
            }
            q.premises.push_back(Choice{std::to_string(i + 1), premise, ""});
            auto found = std::find_if(q.options.begin(), q.options.end(),
                                      [&](const Choice& c) { return c.text == match; });
            if (found == q.options.end()) {
                q.options.push_back(Choice{choiceId(q.options.size()), match, ""});
                found = q.options.end() - 1;
            }
            q.keyPairs.emplace_back(q.premises.back().id, found->id);
        }
        if (!countOk(q.options.size(), "different matches", line)) return false;
        q.type = QuestionType::Matching;
        return true;
    }

    static bool isValidUtf8(std::string_view s) {
        for (std::size_t p = 0; p < s.size();)
            if (!decodeUtf8(s, p)) return false;
        return true;
    }
};

std::string giftEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::string_view("~=#{}:\\").find(c) != std::string_view::npos)
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string weightText(double w) {
    std::string s = fmt::format("{:.5f}", w);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

} // namespace

ImportResult importGift(std::string_view text, const ImportOptions& options) {
    ImportResult result;
    GiftReader(options, result).read(text);
    return result;
}

GiftExport exportGift(const Bank& bank, const std::vector<TopicName>& topics) {
    GiftExport out;
    out.text = fmt::format("// {} ({}), version {}: exported by examsim-cli export-gift\n", bank.info.title,
                           bank.info.id, bank.info.version);
    std::string category;
    for (const auto& q : bank.questions) {
        if (q.type == QuestionType::Sequencing || q.type == QuestionType::AssertionReason) {
            out.notes.push_back(
                fmt::format("{}: {} questions cannot be written in GIFT; skipped", q.id, nameOf(q.type)));
            ++out.skipped;
            continue;
        }
        if (!q.caseStudy.empty())
            out.notes.push_back(fmt::format(
                R"({}: its case study "{}" is left out (GIFT has no shared scenarios))", q.id, q.caseStudy));
        std::string body;
        auto choice = [&](const std::string& prefix, const Choice& c) {
            body += "\t" + prefix + giftEscape(c.text);
            if (!c.rationale.empty()) body += "#" + giftEscape(c.rationale);
            body += "\n";
        };
        auto isKey = [&](const std::string& id) {
            return std::find(q.keyIds.begin(), q.keyIds.end(), id) != q.keyIds.end();
        };
        switch (q.type) {
        case QuestionType::Single:
            for (const auto& c : q.options) choice(isKey(c.id) ? "=" : "~", c);
            break;
        case QuestionType::Multiple: {
            const double share = 100.0 / static_cast<double>(std::max<std::size_t>(1, q.keyIds.size()));
            for (const auto& c : q.options)
                choice(isKey(c.id) ? "~%" + weightText(share) + "%" : "~%-" + weightText(share) + "%", c);
            break;
        }
        case QuestionType::Matching: {
            std::size_t used = 0;
            for (const auto& pair : q.keyPairs) {
                const auto p = std::find_if(q.premises.begin(), q.premises.end(),
                                            [&](const Choice& c) { return c.id == pair.first; });
                const auto o = std::find_if(q.options.begin(), q.options.end(),
                                            [&](const Choice& c) { return c.id == pair.second; }); // clang 14: no captured bindings
                if (p == q.premises.end() || o == q.options.end()) continue;
                body += "\t=" + giftEscape(p->text) + " -> " + giftEscape(o->text) + "\n";
            }
            for (const auto& o : q.options)
                if (std::any_of(q.keyPairs.begin(), q.keyPairs.end(),
                                [&](const auto& kv) { return kv.second == o.id; }))
                    ++used;
            if (used < q.options.size())
                out.notes.push_back(
                    fmt::format("{}: {} unused option(s) of the matching question are left out", q.id,
                                q.options.size() - used));
            break;
        }
        case QuestionType::TrueFalse:
            body = q.keyTrue ? "TRUE" : "FALSE";
            break;
        default:
            break;
        }
        if (!q.topic.empty() && q.topic != category) {
            category = q.topic;
            // The title reads better in Moodle and maps back to the same topic; a "/" would make a path.
            std::string name = q.topic;
            for (const auto& t : topics)
                if (t.id == q.topic && !t.title.empty() && t.title.find('/') == std::string::npos)
                    name = t.title;
            for (const auto& t : bank.topics)
                if (t.id == q.topic && !t.title.empty() && t.title.find('/') == std::string::npos)
                    name = t.title;
            out.text += fmt::format("\n$CATEGORY: {}\n", name);
        }
        out.text += fmt::format("\n::{}::{}", giftEscape(q.id), giftEscape(q.stem));
        if (q.type == QuestionType::TrueFalse) {
            out.text +=
                " {" + body + (q.explanation.empty() ? "" : "####" + giftEscape(q.explanation)) + "}\n";
        } else {
            out.text += " {\n" + body;
            if (!q.explanation.empty()) out.text += "\t####" + giftEscape(q.explanation) + "\n";
            out.text += "}\n";
        }
        ++out.exported;
    }
    return out;
}

} // namespace examsim::core
