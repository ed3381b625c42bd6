// Ucom.Pipeline.Tokenizer (tokenizer.idl): the words of a text file. It reads the file
// through a Ucom.Pipeline.TextSource that its constructor activates through the runtime's
// context: this plugin never links to the text source's. Both sides in C++ types: its own
// methods, and its calls through ucom::client<ITextSource>.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include <ucom/context.hpp>
#include <ucom/error.hpp>
#include <ucom/module.hpp>

#include "text_source_client.hpp"
#include "tokenizer_impl.hpp"

namespace {

bool is_word_char(char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

char to_lower(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

class tokenizer : public ucom::implements<tokenizer, ITokenizer> {
public:
    // An activation failure (the text source not registered, say) fails the tokenizer's own
    // activation with the runtime's error.
    explicit tokenizer(const ucom::context &ctx)
        : source_(ctx.create_instance<ITextSource>("Ucom.Pipeline.TextSource"))
    {
    }

    // The text source's failure (its code and message) is this call's.
    void Open(std::string_view path)
    {
        const std::lock_guard lock(mutex_);
        source_.Open(path);
        opened_ = true;
        line_.clear();
        position_ = 0;
    }

    HRESULT NextToken(std::string &token)
    {
        const std::lock_guard lock(mutex_);
        if (!opened_) {
            throw ucom::hresult_error(E_UNEXPECTED, "no file is open: call Open first", "Ucom.Pipeline.Tokenizer");
        }
        std::string &word = token;
        word.clear();
        while (word.empty()) {
            while (position_ < line_.size() && !is_word_char(line_[position_])) {
                ++position_;
            }
            if (position_ == line_.size()) {
                if (!read_line()) {
                    return S_FALSE;
                }
                continue;
            }
            while (position_ < line_.size() && is_word_char(line_[position_])) {
                word.push_back(to_lower(line_[position_++]));
            }
        }
        return S_OK;
    }

private:
    // The source's next line into line_; false at the end of the file.
    bool read_line()
    {
        if (source_.ReadLine(line_) == S_FALSE) {
            return false;
        }
        position_ = 0;
        return true;
    }

    ucom::client<ITextSource> source_;
    std::mutex mutex_;
    bool opened_ = false;
    std::string line_;
    std::size_t position_ = 0;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<tokenizer>(CLSID_Tokenizer))
