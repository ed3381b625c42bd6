// Text that a writer builds up to hundreds of megabytes (the outputs of a file of 10,000
// interfaces) without one std::string doubling its capacity: full chunks are set aside and
// joined once at the end, each released as soon as it is copied, so the text is held about
// once, not up to three times over, at its largest. Used by code_writer and json_stream.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ucom::idl {

class chunked_text {
public:
    // The chunk being written: append to it, then call seal_if_full.
    std::string &tail() { return tail_; }

    void seal_if_full()
    {
        if (tail_.size() >= chunk_bytes) {
            chunks_.push_back(std::move(tail_));
            tail_ = std::string();
            tail_.reserve(chunk_bytes + chunk_bytes / 16); // a full chunk's worth, without doubling
        }
    }

    // The whole text written since the last take; writing may go on after it.
    [[nodiscard]] std::string take()
    {
        std::string text;
        if (chunks_.empty()) {
            text.swap(tail_);
            return text;
        }
        std::size_t size = tail_.size();
        for (const auto &chunk : chunks_) {
            size += chunk.size();
        }
        text.reserve(size + 4096); // and room for what a writer appends after taking it (a last newline)
        for (auto &chunk : chunks_) {
            text += chunk;
            std::string().swap(chunk);
        }
        text += tail_;
        chunks_.clear();
        std::string().swap(tail_);
        return text;
    }

private:
    // Above glibc's largest mmap threshold (32 MiB): a released chunk goes back to the system
    // at once instead of staying in the heap.
    static constexpr std::size_t chunk_bytes = std::size_t{40} << 20;

    std::vector<std::string> chunks_;
    std::string tail_;
};

} // namespace ucom::idl
