// Ucom.Pipeline.WordStatistics (word_stats.idl): line and word counts of a text file. Each
// Analyze activates a Ucom.Pipeline.Tokenizer (for the words) and a Ucom.Pipeline.TextSource
// (for the lines) through the runtime's context, so the text source's plugin serves two
// plugins; the runtime maps it once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <ucom/context.hpp>
#include <ucom/error.hpp>
#include <ucom/module.hpp>

#include "text_source_client.hpp"
#include "tokenizer_client.hpp"
#include "word_stats_impl.hpp"

namespace {

constexpr const char *origin = "Ucom.Pipeline.WordStatistics";

// What one Analyze found.
struct analysis {
    std::size_t lines = 0;
    std::size_t words = 0;
    std::map<std::string, std::size_t> counts; // word -> occurrences
};

std::string lower_ascii(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

std::string report_of(const analysis &result, std::size_t top)
{
    std::vector<std::pair<std::string, std::size_t>> ranked(result.counts.begin(), result.counts.end());
    // Most frequent first; ties keep the map's alphabetical order.
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    ranked.resize(std::min(top, ranked.size()));

    std::string report = fmt::format("lines: {}\nwords: {}\ndistinct: {}\n", result.lines, result.words,
                                     result.counts.size());
    if (!ranked.empty()) {
        report += fmt::format("top {}:", ranked.size());
        const char *separator = " ";
        for (const auto &[word, count] : ranked) {
            report += fmt::format("{}{} {}", separator, word, count);
            separator = ", ";
        }
        report += '\n';
    }
    return report;
}

class word_statistics : public ucom::implements<word_statistics, IWordStatistics> {
public:
    explicit word_statistics(ucom::context ctx) : context_(std::move(ctx)) {}

    std::string Analyze(std::string_view path, int32_t top)
    {
        if (top < 0) {
            throw ucom::hresult_error(E_INVALIDARG, fmt::format("top is {}; it must be 0 or more", top), origin);
        }
        analysis result = analyze(std::string(path));
        std::string text = report_of(result, static_cast<std::size_t>(top));
        const std::lock_guard lock(mutex_);
        last_ = std::move(result);
        return text;
    }

    int32_t CountOf(std::string_view word)
    {
        const std::lock_guard lock(mutex_);
        if (!last_) {
            throw ucom::hresult_error(E_UNEXPECTED, "no text has been analyzed: call Analyze first", origin);
        }
        const auto found = last_->counts.find(lower_ascii(std::string(word)));
        const std::size_t n = found != last_->counts.end() ? found->second : 0;
        return static_cast<int32_t>(std::min<std::size_t>(n, std::numeric_limits<int32_t>::max()));
    }

private:
    // A failure of either stage (its code and message) fails the Analyze.
    analysis analyze(const std::string &path) const
    {
        const ucom::client<ITokenizer> words(context_.create_instance<ITokenizer>("Ucom.Pipeline.Tokenizer"));
        const ucom::client<ITextSource> lines(context_.create_instance<ITextSource>("Ucom.Pipeline.TextSource"));
        words.Open(path);
        lines.Open(path);

        analysis result;
        std::string token;
        while (words.NextToken(token) == S_OK) {
            ++result.counts[token];
            ++result.words;
        }
        std::string line;
        while (lines.ReadLine(line) == S_OK) {
            ++result.lines;
        }
        return result;
    }

    ucom::context context_;
    std::mutex mutex_;
    std::optional<analysis> last_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<word_statistics>(CLSID_WordStatistics))
