// Ucom.Pipeline.Tokenizer (tokenizer.idl): the words of a text file. It reads the file
// through a Ucom.Pipeline.TextSource that its constructor activates through the runtime's
// context: this plugin never links to the text source's.
#include <cstddef>
#include <mutex>
#include <string>

#include <ucom/com_ptr.hpp>
#include <ucom/context.hpp>
#include <ucom/error.hpp>
#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "tokenizer_impl.hpp"

namespace {

using ucom::check_hresult;

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
        : source_(ctx.create_instance<ITextSource>("Ucom.Pipeline.TextSource").value())
    {
    }

    HRESULT Open(const char *path)
    {
        const std::lock_guard lock(mutex_);
        check_hresult(source_->Open(path));
        opened_ = true;
        line_.clear();
        position_ = 0;
        return S_OK;
    }

    HRESULT NextToken(char **token)
    {
        if (token == nullptr) {
            return E_POINTER;
        }
        *token = nullptr;
        const std::lock_guard lock(mutex_);
        if (!opened_) {
            throw ucom::hresult_error(E_UNEXPECTED, "no file is open: call Open first", "Ucom.Pipeline.Tokenizer");
        }
        std::string word;
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
        *token = ucom::task_strdup(word);
        return S_OK;
    }

private:
    // The source's next line into line_; false at the end of the file.
    bool read_line()
    {
        ucom::task_string line;
        if (check_hresult(source_->ReadLine(line.put())) == S_FALSE) {
            return false;
        }
        line_ = line.str();
        position_ = 0;
        return true;
    }

    ucom::com_ptr<ITextSource> source_;
    std::mutex mutex_;
    bool opened_ = false;
    std::string line_;
    std::size_t position_ = 0;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<tokenizer>(CLSID_Tokenizer))
