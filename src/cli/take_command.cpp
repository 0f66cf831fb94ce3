// take: a whole exam, study session or drill in the terminal, answers read from standard input (typed
// or piped, one line per answer or command).
#include "cli/commands.hpp"
#include "core/adaptive_store.hpp"
#include "core/answer_input.hpp"
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/session.hpp"
#include "core/store/progress_store.hpp"

#include <cerrno>
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <poll.h>
#include <random>
#include <sstream>
#include <unistd.h>

namespace examsim::cli {

namespace {

struct TakeOptions {
    std::string learner;
    std::string profile = "foundation";
    std::string mode = "exam";
    std::optional<std::uint64_t> seed;
    double extraTime = 0;
    std::vector<std::string> levels;
    std::vector<std::string> topics;
    int count = 10;
    std::string only = "all";
    std::string level = "foundation"; // due sessions
    bool fresh = false;
};

const char* kHelp = R"(Commands (one per line):
  an answer      b | a,c (multiple response) | t or f (true/false) | 1c 2a 3b (matching) | c a d b (sequence)
  n, next        next question             p, prev, back   previous question
  g N, goto N    go to question N          !, flag         flag or unflag this question
  r, review      answered, unanswered and flagged questions
  +, -           mark this answer sure (+) or unsure (-); or add it to the answer: b+  c a d b-
                 (study, drill and due sessions: before the answer is checked)
  s, submit      submit the paper          q, quit         stop now; the same command resumes later
  ?, help        this list
In exam mode an answer moves on to the next question; answers can be changed until you submit.
)";

std::string wrap(const std::string& text, std::size_t width, const std::string& indent = "", std::size_t hang = 0) {
    std::string out, line;
    bool firstPara = true;
    // Paragraphs are separated by blank lines; single newlines are kept as line breaks.
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string src = text.substr(start, end - start);
        if (!firstPara) out += "\n";
        firstPara = false;
        std::istringstream words(src);
        std::string word;
        line = indent;
        bool empty = true;
        while (words >> word) {
            if (!empty && line.size() + 1 + word.size() > width) {
                out += line + "\n";
                line = indent + std::string(hang, ' ');
                empty = true;
            }
            line += (empty ? "" : " ") + word;
            empty = false;
        }
        out += empty ? "" : line;
        start = end + 1;
    }
    return out;
}

class TerminalExam {
public:
    TerminalExam(core::ExamSession& session, const core::BankSet& banks, std::ostream& out, core::ProgressStore* store,
                 std::string attemptId)
        : m_s(session), m_banks(banks), m_out(out), m_store(store), m_attemptId(std::move(attemptId)) {}

    // Returns the process exit code.
    int run() {
        showQuestion();
        std::string line;
        while (!m_s.finished()) {
            const auto got = readLine(line);
            checkpoint();
            if (!reportTime() && m_s.finished()) break;
            if (got == Read::Eof) {
                m_out << "\nEnd of input: submitting.\n";
                m_s.submit();
                break;
            }
            if (got == Read::Timeout) continue;
            if (!handle(trim(line))) {
                checkpoint(true);
                if (m_store) m_store->releaseLease(m_attemptId);
                m_out << (m_store ? "Stopped without submitting: your answers are saved; run the same command to resume.\n"
                                  : "Left without submitting: no result.\n");
                return 1;
            }
        }
        finishStored();
        showResult();
        return 0;
    }

private:
    core::ExamSession& m_s;
    const core::BankSet& m_banks;
    std::ostream& m_out;
    std::string m_lastCase;
    std::string m_pending; // buffered input not yet split into lines
    core::ProgressStore* m_store;
    std::string m_attemptId;
    core::SteadyClock m_wall;
    std::int64_t m_lastCheckpoint = 0;

    // Every answer and flag is on disk before the next question is shown; a failed write never loses
    // the session in memory.
    void save(std::size_t position) {
        if (!m_store) return;
        try {
            m_store->recordResponse(m_attemptId, position, m_s.item(position), m_s.state(position), m_s.elapsedMs());
            m_lastCheckpoint = m_wall.nowMs();
        } catch (const std::exception& e) {
            m_out << "\nwarning: your answer could not be saved (" << e.what() << "); the exam goes on in memory.\n";
        }
    }

    void checkpoint(bool force = false) {
        if (!m_store || m_s.finished()) return;
        if (!force && m_wall.nowMs() - m_lastCheckpoint < 5000) return;
        try {
            m_store->checkpoint(m_attemptId, m_s.elapsedMs(), m_s.current());
            m_store->acquireLease(m_attemptId); // renew: this copy still holds the attempt
            m_lastCheckpoint = m_wall.nowMs();
        } catch (const std::exception& e) {
            m_out << "\nwarning: the time used could not be saved (" << e.what() << ").\n";
        }
    }

    void finishStored() {
        if (!m_store) return;
        try {
            m_store->finishAttempt(m_attemptId, m_s.status(), m_s.result());
            m_store->releaseLease(m_attemptId);
        } catch (const std::exception& e) {
            m_out << "\nwarning: the result could not be saved (" << e.what() << ").\n";
        }
    }

    enum class Read { Line, Eof, Timeout };

    static std::string trim(const std::string& s) {
        const auto b = s.find_first_not_of(" \t\r\n");
        if (b == std::string::npos) return "";
        return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
    }

    // Waits for a line, but no longer than the time left, so that time-up submits even while the
    // learner is thinking.
    Read readLine(std::string& line) {
        while (true) {
            if (auto nl = m_pending.find('\n'); nl != std::string::npos) {
                line = m_pending.substr(0, nl);
                m_pending.erase(0, nl + 1);
                return Read::Line;
            }
            int timeout = -1;
            if (auto rem = m_s.remainingMs()) {
                // Wake at the next warning or at the end.
                std::int64_t wake = *rem;
                for (std::int64_t mark : {10 * 60'000LL, 5 * 60'000LL})
                    if (*rem > mark) wake = std::min(wake, *rem - mark);
                timeout = static_cast<int>(std::min<std::int64_t>(wake + 5, 5'000)); // also a checkpoint every 5 s
            }
            pollfd pfd{STDIN_FILENO, POLLIN, 0};
            const int r = poll(&pfd, 1, timeout);
            if (r == 0) return Read::Timeout;
            if (r < 0 && errno == EINTR) continue;
            char buf[4096];
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n <= 0) {
                if (!m_pending.empty()) {
                    line = m_pending;
                    m_pending.clear();
                    return Read::Line;
                }
                return Read::Eof;
            }
            m_pending.append(buf, static_cast<std::size_t>(n));
        }
    }

    // Prints due time warnings; returns false when time ran out (the session is then submitted).
    bool reportTime() {
        for (auto w : m_s.update()) {
            switch (w) {
            case core::TimeWarning::TenMinutesLeft: m_out << "\n*** 10 minutes left ***\n"; break;
            case core::TimeWarning::FiveMinutesLeft: m_out << "\n*** 5 minutes left ***\n"; break;
            case core::TimeWarning::TimeUp: m_out << "\n*** Time is up: the paper has been submitted. ***\n"; return false;
            }
        }
        return true;
    }

    bool handle(const std::string& cmd) {
        const std::string lc = [&] {
            std::string s;
            for (char c : cmd) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        }();
        if (lc.empty()) return true;
        if (lc == "?" || lc == "help" || lc == "h") {
            m_out << kHelp;
        } else if (lc == "n" || lc == "next") {
            m_s.next();
            showQuestion();
        } else if (lc == "p" || lc == "prev" || lc == "back" || lc == "previous") {
            m_s.previous();
            showQuestion();
        } else if (lc == "!" || lc == "flag") {
            flag();
        } else if (lc == "r" || lc == "review") {
            review();
        } else if (lc == "+" || lc == "-") {
            confidence(lc == "+" ? 1 : 0, true);
        } else if (lc == "s" || lc == "submit") {
            const auto sum = m_s.summary();
            if (!sum.unanswered.empty() || !sum.flagged.empty())
                m_out << fmt::format("Submitting with {} unanswered and {} flagged.\n", sum.unanswered.size(), sum.flagged.size());
            m_s.submit();
        } else if (lc == "q" || lc == "quit") {
            return false;
        } else if (lc.rfind("g ", 0) == 0 || lc.rfind("goto ", 0) == 0) {
            try {
                const std::size_t n = std::stoul(lc.substr(lc.find(' ') + 1));
                if (n < 1 || n > m_s.size()) throw std::out_of_range("");
                m_s.go(n - 1);
                showQuestion();
            } catch (const std::exception&) {
                m_out << fmt::format("There is no question {}; use 1 to {}.\n", lc.substr(lc.find(' ') + 1), m_s.size());
            }
        } else {
            answer(cmd);
        }
        return true;
    }

    void flag() {
        m_s.toggleFlag();
        save(m_s.current());
        m_out << (m_s.state(m_s.current()).flagged ? "Flagged for review.\n" : "Flag removed.\n");
    }

    // Issue 9: sure (1) or unsure (0) for the current question.
    bool confidence(int value, bool report) {
        if (!m_s.setConfidence(m_s.current(), value)) {
            m_out << "Confidence is given before the answer is checked: this question is locked.\n";
            return false;
        }
        save(m_s.current());
        if (report) m_out << (value == 1 ? "Marked sure.\n" : "Marked unsure.\n");
        return true;
    }

    void answer(const std::string& given) {
        const auto& item = m_s.item(m_s.current());
        if (m_s.state(m_s.current()).checked) {
            m_out << "This question has been answered; type n for the next one.\n";
            return;
        }
        // An answer ending in + or - carries the learner's confidence with it.
        std::string text = given;
        int sure = -1;
        if (text.size() > 1 && (text.back() == '+' || text.back() == '-')) {
            sure = text.back() == '+' ? 1 : 0;
            text = trim(text.substr(0, text.size() - 1));
        }
        const auto parsed = core::parseAnswerText(item, text);
        if (const auto* err = std::get_if<core::InputError>(&parsed)) {
            m_out << "Not understood: " << err->message << " (? for help)\n";
            return;
        }
        if (sure >= 0) m_s.setConfidence(m_s.current(), sure);
        const auto feedback = m_s.answer(std::get<core::Answer>(parsed));
        save(m_s.current());
        if (feedback) {
            showFeedback(item, *feedback);
            if (m_s.current() + 1 < m_s.size()) {
                m_out << "(Enter n for the next question.)\n";
            } else {
                m_out << "That was the last question: type s to finish.\n";
            }
            return;
        }
        m_out << fmt::format("Answer {}: {}\n", m_s.current() + 1, core::answerText(item, m_s.state(m_s.current()).answer));
        if (m_s.current() + 1 < m_s.size()) {
            m_s.next();
            showQuestion();
        } else {
            review();
            m_out << "Type s to submit, or g N to go back to question N.\n";
        }
    }

    void review() {
        const auto sum = m_s.summary();
        auto list = [](const std::vector<std::size_t>& v) {
            std::string s;
            for (auto i : v) s += (s.empty() ? "" : " ") + std::to_string(i + 1);
            return s.empty() ? std::string("none") : s;
        };
        m_out << fmt::format("\nReview: {} answered, {} unanswered, {} flagged\n", sum.answered.size(), sum.unanswered.size(),
                             sum.flagged.size());
        m_out << "  Unanswered: " << list(sum.unanswered) << "\n  Flagged:    " << list(sum.flagged) << "\n";
        if (auto rem = m_s.remainingMs()) m_out << "  Time left:  " << core::formatClock(*rem) << "\n";
    }

    void showQuestion() {
        const std::size_t i = m_s.current();
        const auto& item = m_s.item(i);
        const auto& q = item.question;
        const auto& st = m_s.state(i);
        m_out << "\n" << std::string(78, '-') << "\n";
        std::string header = fmt::format("Question {} of {}", i + 1, m_s.size());
        if (q.marks != 1) header += fmt::format("  ({} marks)", q.marks);
        if (st.flagged) header += "  [flagged]";
        if (auto rem = m_s.remainingMs()) header += "  Time left " + core::formatClock(*rem);
        m_out << header << "\n";
        if (!q.caseStudy.empty() && q.caseStudy != m_lastCase) {
            m_out << "\nCase study: " << item.caseStudyTitle << "\n" << wrap(item.caseStudyText, 78, "  ") << "\n";
            m_lastCase = q.caseStudy;
        }
        m_out << "\n" << wrap(q.stem, 78) << "\n\n";
        switch (q.type) {
        case core::QuestionType::Single:
        case core::QuestionType::Multiple:
            for (std::size_t k = 0; k < item.optionOrder.size(); ++k)
                m_out << wrap(fmt::format("{}. {}", core::displayLetter(k), q.options[static_cast<std::size_t>(item.optionOrder[k])].text), 78, "  ", 3)
                      << "\n";
            if (q.type == core::QuestionType::Multiple) m_out << fmt::format("\nChoose {}.\n", q.keyIds.size());
            break;
        case core::QuestionType::TrueFalse: m_out << "  True or false? (t / f)\n"; break;
        case core::QuestionType::AssertionReason:
            m_out << wrap("Assertion: " + q.assertion, 78, "  ") << "\n" << wrap("Reason: " + q.reason, 78, "  ") << "\n\n";
            for (std::size_t k = 0; k < 5; ++k)
                m_out << wrap(fmt::format("{}. {}", core::displayLetter(k), core::kAssertionReasonChoices[k]), 78, "  ", 3) << "\n";
            break;
        case core::QuestionType::Matching:
            for (std::size_t k = 0; k < item.premiseOrder.size(); ++k)
                m_out << wrap(fmt::format("{}. {}", k + 1, q.premises[static_cast<std::size_t>(item.premiseOrder[k])].text), 78, "  ", 3) << "\n";
            m_out << "\n";
            for (std::size_t k = 0; k < item.optionOrder.size(); ++k)
                m_out << wrap(fmt::format("{}. {}", core::displayLetter(k), q.options[static_cast<std::size_t>(item.optionOrder[k])].text), 78, "  ", 3)
                      << "\n";
            m_out << "\nMatch each number to a letter, e.g. 1c 2a.\n";
            break;
        case core::QuestionType::Sequencing:
            for (std::size_t k = 0; k < item.itemOrder.size(); ++k)
                m_out << wrap(fmt::format("{}. {}", core::displayLetter(k), q.items[static_cast<std::size_t>(item.itemOrder[k])].text), 78, "  ", 3)
                      << "\n";
            m_out << "\nGive the letters in the correct order, e.g. c a d b.\n";
            break;
        }
        if (!st.answer.empty()) m_out << "Your answer: " << core::answerText(item, st.answer) << "\n";
        m_out << "> " << std::flush;
    }

    void showFeedback(const core::PaperItem& item, const core::Feedback& f) {
        const auto& q = item.question;
        if (f.correct) m_out << "\nCorrect.";
        else if (f.earned > 0) m_out << fmt::format("\nPartly correct ({:g} of {:g} marks). The answer is {}.", f.earned, q.marks, core::answerText(item, f.key));
        else m_out << "\nNot correct. The answer is " << core::answerText(item, f.key) << ".";
        m_out << "\n\n" << wrap(q.explanation, 78) << "\n";
        const auto& choices = q.type == core::QuestionType::Sequencing ? q.items : q.options;
        const auto& order = q.type == core::QuestionType::Sequencing ? item.itemOrder : item.optionOrder;
        bool any = false;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto& c = choices[static_cast<std::size_t>(order[k])];
            if (c.rationale.empty()) continue;
            if (!any) m_out << "\n";
            any = true;
            m_out << wrap(fmt::format("{}. {}", core::displayLetter(k), c.rationale), 78, "  ", 3) << "\n";
        }
        m_out << "\nReference:";
        for (const auto& r : q.references)
            m_out << " " << r.standard << (r.part.empty() ? "" : "-" + r.part) << ":" << r.edition << " clause " << r.clause << ";";
        m_out << "\n";
    }

    void showResult() {
        const auto& r = m_s.result();
        m_out << "\n" << std::string(78, '=') << "\n";
        m_out << fmt::format("Result: {}  {:g} of {:g} marks ({:.1f} %), pass mark {:g} %\n", r.passed ? "PASS" : "FAIL", r.raw,
                             r.max, r.percent, r.passMarkPercent);
        m_out << fmt::format("Answered {} of {}. Time used {}", r.answered, r.items.size(), core::formatClock(r.timeUsedMs, false));
        if (auto limit = m_s.timeLimitMs()) m_out << " of " << core::formatClock(*limit);
        m_out << (m_s.status() == core::SessionStatus::TimedOut ? " (timed out)" : "") << "\n\nBy topic group:\n";
        for (const auto& b : r.byGroup) {
            const core::Topic* t = m_banks.topic(b.key);
            m_out << fmt::format("  {:<52} {:>5g}/{:<4g} {:>5.0f} %\n", t ? t->title.substr(0, 52) : b.key, b.earned, b.available,
                                 b.percent());
        }
        if (r.credits > 0)
            m_out << fmt::format("\nPassed in exam mode: {:g} ITIL Expert credit equivalent (a complementary credit of the "
                                 "ITIL v3 scheme; a practice pass is not a certificate).\n",
                                 r.credits);
    }
};

} // namespace

void addTakeCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<TakeOptions>();
    CLI::App* cmd = app.add_subcommand("take", "Sit an exam, a study session or a drill in the terminal");
    cmd->add_option("--learner", o->learner, "Learner name")->required();
    cmd->add_option("--profile", o->profile, "Exam profile id (see examsim-cli profiles; default foundation)");
    cmd->add_option("--mode", o->mode,
                    "exam (timed, no feedback), study (feedback after each answer), drill, or due (questions due for "
                    "review, then new ones from weak topics)")
        ->check(CLI::IsMember({"exam", "study", "drill", "due"}));
    cmd->add_option("--seed", o->seed, "Seed: the same seed gives the same paper");
    cmd->add_option("--extra-time", o->extraTime, "Extra time in percent (an exam accommodation, e.g. 25)")
        ->check(CLI::Range(0.0, 200.0));
    cmd->add_option("--levels", o->levels, "Drill: levels to draw from (foundation, practitioner, auditor)")->delimiter(',');
    cmd->add_option("--topics", o->topics, "Drill: topic ids (a group includes its sub-topics)")->delimiter(',');
    cmd->add_option("--count", o->count, "Drill and due: number of questions (default 10)")->check(CLI::Range(1, 500));
    cmd->add_option("--only", o->only, "Drill: all, wrong (wrong last time) or unseen")->check(CLI::IsMember({"all", "wrong", "unseen"}));
    cmd->add_option("--level", o->level, "Due: the level to review (foundation, practitioner, auditor; default foundation)");
    cmd->add_flag("--new", o->fresh, "Abandon the learner's unfinished attempt instead of resuming it");
    cmd->footer(kHelp);
    cmd->callback([&ctx, o] {
        const auto paths = ctx.bankPaths();
        const auto banks = core::BankSet::load(paths);
        // Issue 10: a bank folder that is not there is named, before anything is written.
        for (const auto& d : banks.diagnostics())
            if (d.message == "no such file or folder") {
                std::cerr << fmt::format("examsim-cli: the bank folder {} does not exist (check --banks)\n", d.file);
                ctx.exitCode = 1;
                return;
            }
        if (banks.counts().errors > 0)
            std::cerr << fmt::format("warning: {} errors in the banks; banks with errors are left out (see examsim-cli validate)\n",
                                     banks.counts().errors);
        const auto profiles = core::loadProfilesFrom(paths, banks);
        for (const auto& d : profiles.diagnostics) std::cerr << core::format(d) << "\n";
        auto opened = core::ProgressStore::open(ctx.databasePath());
        if (auto* err = std::get_if<core::StoreError>(&opened)) {
            std::cerr << "examsim-cli: " << err->message << "\n";
            ctx.exitCode = 1;
            return;
        }
        auto store = std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened));
        std::optional<core::Learner> learner;
        try {
            learner = store->learnerByName(o->learner);
            if (!learner) learner = store->createLearner(o->learner);
        } catch (const std::exception& e) {
            std::cerr << "examsim-cli: cannot record the learner in " << ctx.databasePath().string() << ": " << e.what() << "\n";
            ctx.exitCode = 1;
            return;
        }
        core::SteadyClock clock;

        // An unfinished attempt is resumed with its answers and remaining time, unless --new.
        if (auto open = store->inProgressAttempt(learner->id)) {
            if (o->fresh) {
                store->abandonAttempt(open->id);
                std::cout << "The unfinished attempt of " << open->meta.profileTitle << " was abandoned.\n";
            } else {
                if (!store->acquireLease(open->id)) {
                    std::cerr << "examsim-cli: this learner's unfinished attempt is open in another running copy of ExamSim; "
                                 "close it there (or wait 30 seconds after it stopped), or use --new\n";
                    ctx.exitCode = 1;
                    return;
                }
                core::ExamSession session(store->loadPaper(open->id), open->meta.config, clock);
                session.restore(store->loadStates(open->id), open->elapsedMs, open->current);
                // Continue at the first unanswered question from where the learner was.
                for (std::size_t k = 0; k < session.size(); ++k) {
                    const std::size_t i = (open->current + k) % session.size();
                    if (session.state(i).answer.empty()) {
                        session.go(i);
                        break;
                    }
                }
                std::cout << fmt::format("ExamSim 20000: resuming {} ({} mode) for {}: {} of {} answered", open->meta.profileTitle,
                                         core::nameOf(open->meta.mode), o->learner, session.summary().answered.size(), session.size());
                if (auto rem = session.remainingMs()) std::cout << ", " << core::formatClock(*rem) << " left";
                std::cout << fmt::format(". Seed {}.\n(Use --new to abandon it and start another.)\nType ? for help.\n", open->meta.seed);
                TerminalExam exam(session, banks, std::cout, store.get(), open->id);
                ctx.exitCode = exam.run();
                return;
            }
        }

        const bool due = o->mode == "due";
        const core::Mode mode = due ? core::Mode::Study : *core::modeFromString(o->mode);
        const std::uint64_t seed = o->seed ? *o->seed : (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
        core::StoreHistory history(*store, learner->id);
        core::AssemblyOptions ao;
        ao.seed = seed;
        ao.history = &history;
        std::variant<core::Paper, core::AssemblyError> paper;
        core::SessionConfig cfg;
        cfg.mode = mode;
        cfg.extraTimePercent = o->extraTime;
        std::string title;
        if (due) {
            const auto level = core::levelFromString(o->level);
            if (!level) {
                std::cerr << "examsim-cli: unknown level \"" << o->level << "\"; use foundation, practitioner or auditor\n";
                ctx.exitCode = 2;
                return;
            }
            core::DueSessionSpec spec;
            spec.level = *level;
            spec.count = o->count;
            spec.seed = seed;
            spec.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
            auto built = core::buildDueSession(*store, banks, learner->id, spec);
            if (auto* s = std::get_if<core::DueSession>(&built)) {
                std::cout << fmt::format("Due review: {} due, {} new.\n", s->dueCount, s->paper.items.size() - static_cast<std::size_t>(s->dueCount));
                paper = std::move(s->paper);
            } else {
                paper = std::get<core::AssemblyError>(built);
            }
            title = fmt::format("Due review ({})", o->level);
        } else if (mode == core::Mode::Drill) {
            core::DrillSpec spec;
            for (const auto& l : o->levels) {
                auto lv = core::levelFromString(l);
                if (!lv) {
                    std::cerr << "examsim-cli: unknown level \"" << l << "\"\n";
                    ctx.exitCode = 2;
                    return;
                }
                spec.levels.push_back(*lv);
            }
            spec.topics = o->topics;
            spec.count = o->count;
            spec.filter = o->only == "wrong" ? core::DrillSpec::Filter::WrongLastTime
                          : o->only == "unseen" ? core::DrillSpec::Filter::NotSeen
                                                : core::DrillSpec::Filter::All;
            paper = core::assembleDrill(banks, spec, ao);
            title = "Custom drill";
        } else {
            const core::ExamProfile* profile = findProfile(profiles, o->profile, ctx);
            if (!profile) return;
            paper = core::assemblePaper(banks, *profile, ao);
            title = profile->title;
            cfg.passMarkPercent = profile->passMarkPercent;
            cfg.creditsIfPassed = profile->credits;
            if (mode == core::Mode::Exam) cfg.timeLimitMinutes = profile->timeLimitMinutes;
        }
        if (const auto* err = std::get_if<core::AssemblyError>(&paper)) {
            std::cerr << "examsim-cli: " << err->message << "\n";
            ctx.exitCode = 1;
            return;
        }
        if (mode == core::Mode::Drill || due) cfg.passMarkPercent = 65;
        core::AttemptMeta meta;
        meta.profileId = due ? "due" : mode == core::Mode::Drill ? "drill" : o->profile;
        meta.profileTitle = title;
        meta.mode = mode;
        meta.seed = seed;
        meta.config = cfg;
        for (const auto& b : banks.banks()) meta.banks += (meta.banks.empty() ? "" : ", ") + b.info.id + "@" + b.info.version;
        std::string attemptId;
        try {
            attemptId = store->startAttempt(*learner, std::get<core::Paper>(paper), meta);
            store->acquireLease(attemptId);
        } catch (const std::exception& e) {
            // A full disk must not stop the exam: it runs in memory, and says so.
            std::cout << "warning: this attempt cannot be saved (" << e.what() << "); it runs in memory only.\n";
            attemptId.clear();
        }
        core::ExamSession session(std::move(std::get<core::Paper>(paper)), cfg, clock);
        std::cout << fmt::format("ExamSim 20000: {} ({} mode) for {}\n", title, o->mode, o->learner);
        std::cout << fmt::format("{} questions, {:g} marks", session.size(), session.paper().totalMarks());
        if (auto limit = session.timeLimitMs()) std::cout << ", " << core::formatClock(*limit) << " allowed";
        if (cfg.passMarkPercent > 0 && mode != core::Mode::Drill) std::cout << fmt::format(", pass mark {:g} %", cfg.passMarkPercent);
        std::cout << fmt::format(". Seed {}.\nType ? for help.\n", seed);
        TerminalExam exam(session, banks, std::cout, attemptId.empty() ? nullptr : store.get(), attemptId);
        ctx.exitCode = exam.run();
    });
}

const core::ExamProfile* findProfile(const core::ProfileSet& profiles, const std::string& id, Context& ctx) {
    const core::ExamProfile* profile = profiles.find(id);
    if (!profile) {
        std::string ids;
        for (const auto& p : profiles.profiles) ids += " " + p.id;
        std::cerr << fmt::format("examsim-cli: no profile \"{}\"; profiles:{}\n", id, ids);
        ctx.exitCode = 2;
    }
    return profile;
}

void addProfilesCommand(CLI::App& app, Context& ctx) {
    CLI::App* cmd = app.add_subcommand("profiles", "List the exam profiles and their formats");
    cmd->callback([&ctx] {
        const auto paths = ctx.bankPaths();
        const auto banks = core::BankSet::load(paths);
        const auto profiles = core::loadProfilesFrom(paths, banks);
        for (const auto& d : profiles.diagnostics) std::cout << core::format(d) << "\n";
        for (const auto& p : profiles.profiles) {
            std::string format = p.usesCaseStudies()
                                     ? fmt::format("{} case studies x {:g} marks", p.caseStudies, p.marksPerCaseStudy)
                                     : fmt::format("{} questions", p.questions);
            std::cout << fmt::format("{:<18} {}\n{:<18} {}, {} minutes, pass mark {:g} %, {}, credit equivalent {:g}\n\n", p.id,
                                     p.title, "", format, p.timeLimitMinutes, p.passMarkPercent,
                                     p.openBook ? "open book" : "closed book", p.credits);
        }
        ctx.exitCode = count(profiles.diagnostics).errors > 0 ? 1 : 0;
    });
}

} // namespace examsim::cli
