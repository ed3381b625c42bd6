// Where a writer's text goes as it is written: the driver's sink stages it straight into the
// output file, so that no output of a large IDL file is ever held whole in memory; the
// string sink keeps it (tests, `--dump-api`).
#pragma once

#include <string>
#include <string_view>

namespace ucom::idl {

class text_sink {
public:
    text_sink() = default;
    text_sink(const text_sink &) = delete;
    text_sink &operator=(const text_sink &) = delete;
    virtual ~text_sink() = default;

    // The next piece of the text; pieces arrive in order and are never taken back.
    virtual void write(std::string_view text) = 0;
};

class string_sink final : public text_sink {
public:
    void write(std::string_view text) override { text_ += text; }
    [[nodiscard]] std::string take() { return std::move(text_); }

private:
    std::string text_;
};

} // namespace ucom::idl
