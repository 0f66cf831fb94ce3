// Moodle GIFT import and export: multiple choice (one or several answers), true/false and matching
// questions become draft questions of a bank; a bank's questions are written back as GIFT. The mapping
// and what is not supported are in docs/importing.md.
#pragma once

#include "core/bank.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace examsim::core {

// A message about an input or output line: "FILE:LINE: skipped: …" (the question is left out) or
// "FILE:LINE: note: …" (imported, but read the note).
struct ImportMessage {
    enum class Kind { Skipped, Note };
    Kind kind = Kind::Skipped;
    int line = 0; // 1-based; 0 for the file as a whole
    std::string message;
};
std::string format(const std::string& file, const ImportMessage& m);

struct TopicName {
    std::string id;
    std::string title;
};

struct ImportOptions {
    std::string bankId;              // generated question ids are BANKID-001, BANKID-002, …
    Level level = Level::Foundation; // GIFT has no level: every question gets this one
    std::vector<TopicName> topics;   // the known taxonomy, to map categories / CSV topics onto
};

struct ImportResult {
    std::vector<Question> questions; // drafts, in file order
    std::vector<Topic> newTopics;    // for categories / topic names that match no known topic
    std::vector<ImportMessage> messages;
    int skipped = 0;
};

ImportResult importGift(std::string_view text, const ImportOptions& options);

struct GiftExport {
    std::string text;
    std::vector<std::string> notes; // "QUESTION-ID: why it was skipped or what was left out"
    int exported = 0;
    int skipped = 0;
};
// Categories are written as topic titles (from `topics` or the bank's own), which map back to the ids.
GiftExport exportGift(const Bank& bank, const std::vector<TopicName>& topics = {});

// CSV with a header row naming the columns (docs/importing.md): one question per row, RFC 4180 quoting.
ImportResult importCsv(std::string_view text, const ImportOptions& options);

// Shared by the importers: the topic id a category or topic name stands for (an id or a title of
// `topics`, compared without case), or "" when none.
std::string matchTopic(const std::vector<TopicName>& topics, std::string_view name);
// A name turned into an id ("Incident management" -> "incident-management"); "" when nothing is left.
std::string slugId(std::string_view name);
// Ids for imported questions: the given one when free and of the id form, else BANKID-NNN.
// The topic for a category or topic name: a known one, or a new topic that the imported bank defines
// (noted once per name).
class TopicMapper {
  public:
    TopicMapper(const std::vector<TopicName>& known, ImportResult& out) : m_known(known), m_out(out) {}
    std::string map(const std::string& name, int line);

  private:
    const std::vector<TopicName>& m_known;
    ImportResult& m_out;
};

class IdAllocator {
  public:
    explicit IdAllocator(std::string bankId) : m_prefix(std::move(bankId)) {}
    bool isFree(const std::string& id) const;
    void take(const std::string& id);
    std::string next();

  private:
    std::string m_prefix;
    std::vector<std::string> m_used;
    int m_counter = 0;
};

} // namespace examsim::core
