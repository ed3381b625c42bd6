// The text a writer builds, up to hundreds of megabytes (the outputs of a file of 10,000
// interfaces), in a buffer that fmt formats into directly. Each piece of about 256 KiB is
// handed to the sink as soon as it is full and the buffer reused, so a writer with a sink
// holds no more than that; without one, the pieces are set aside and joined once by take()
// (no std::string doubling its capacity). Used by code_writer and json_stream.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "text_sink.hpp"

namespace ucom::idl {

class chunked_text {
public:
    chunked_text() { buffer_.reserve(piece_bytes + piece_bytes / 4); }
    explicit chunked_text(text_sink *sink) : chunked_text() { sink_ = sink; }

    void append(std::string_view text) { buffer_.append(text); }
    void append(char c) { buffer_.push_back(c); }
    void append(std::size_t count, char c)
    {
        const std::size_t at = buffer_.size();
        buffer_.resize(at + count);
        std::fill_n(buffer_.data() + at, count, c);
    }
    // What fmt::format_to writes into (through fmt::appender).
    fmt::memory_buffer &buffer() { return buffer_; }

    // Call after appending: a full piece goes to the sink, or is set aside.
    void seal_if_full()
    {
        if (buffer_.size() >= piece_bytes) {
            seal();
        }
    }

    // Hands what is written so far to the sink (nothing without one).
    void flush()
    {
        if (sink_ != nullptr) {
            seal();
        }
    }

    // Without a sink: the whole text written since the last take; writing may go on after it.
    // With one: what has not been flushed yet.
    [[nodiscard]] std::string take()
    {
        std::size_t size = buffer_.size();
        for (const auto &piece : pieces_) {
            size += piece.size();
        }
        std::string text;
        text.reserve(size);
        for (const auto &piece : pieces_) {
            text += piece;
        }
        text.append(buffer_.data(), buffer_.size());
        pieces_.clear();
        buffer_.clear();
        return text;
    }

    // Without a sink: hands the text written since the last take to `out`, each piece released
    // as soon as it is written (take() would hold it twice while joining it).
    void hand_on(text_sink &out)
    {
        for (auto &piece : pieces_) {
            out.write(piece);
            std::string().swap(piece);
        }
        pieces_.clear();
        out.write(std::string_view(buffer_.data(), buffer_.size()));
        buffer_.clear();
    }

private:
    // Large enough that a write(2) per piece costs nothing, small enough to stay in cache.
    static constexpr std::size_t piece_bytes = std::size_t{256} << 10;

    void seal()
    {
        if (buffer_.size() == 0) {
            return;
        }
        const std::string_view piece(buffer_.data(), buffer_.size());
        if (sink_ != nullptr) {
            sink_->write(piece);
        } else {
            pieces_.emplace_back(piece);
        }
        buffer_.clear(); // keeps its capacity for the next piece
    }

    text_sink *sink_ = nullptr;
    std::vector<std::string> pieces_;
    fmt::memory_buffer buffer_;
};

} // namespace ucom::idl
