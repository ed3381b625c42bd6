// deep_chain.idl's generated header as C++ and C lay it out and call it: every vtable slot at
// MIDL's offset (deep_chain_slots.h), the structs passed by value at their x86-64 sizes, and
// every call, through the C++ members and through the C macros, reaching its own method.
#include <array>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>
#include <ucom/ucom.h>

#include "deep_chain.h"
#include "deep_chain_c.h"
#include "deep_chain_impl.hpp"
#include "deep_chain_slots.h"

namespace {

constexpr std::size_t slot_bytes = sizeof(void (*)());

struct slot_offset {
    std::string interface_name;
    std::string member;
    std::size_t slot;
    std::size_t offset; // as this compiler lays out the vtable
};

#define DEEP_CXX_SLOT(I, member, index) slot_offset{#I, #member, index, offsetof(I##Vtbl, member)},
#define DEEP_CXX_INTERFACE_SLOTS(I, SLOTS, count) SLOTS(DEEP_CXX_SLOT, I)
const std::vector<slot_offset> cxx_slots{DEEP_INTERFACES(DEEP_CXX_INTERFACE_SLOTS)};

struct vtbl_size {
    std::string interface_name;
    std::size_t slot_count;
    std::size_t size;
};

#define DEEP_CXX_VTBL_SIZE(I, SLOTS, count) vtbl_size{#I, count, sizeof(I##Vtbl)},
const std::vector<vtbl_size> cxx_vtbl_sizes{DEEP_INTERFACES(DEEP_CXX_VTBL_SIZE)};

template <class Vtbl>
concept has_fill_slot = requires(Vtbl v)
{
    v.Fill;
};
template <class Vtbl>
concept has_remote_fill_slot = requires(Vtbl v)
{
    v.RemoteFill;
};
template <class Interface>
concept has_remote_fill_member = requires(Interface &i)
{
    i.RemoteFill(0u, nullptr);
};

// The layout of the structs passed by value, as named fields, to compare C, C++ and the
// hand-computed x86-64 layout field by field.
std::vector<std::pair<std::string, std::size_t>> fields_of(const deep_c_struct_layout &l)
{
    return {{"sizeof(deep_point)", l.point_size},           {"offsetof(deep_point, y)", l.point_y},
            {"sizeof(deep_mixed)", l.mixed_size},           {"alignof(deep_mixed)", l.mixed_align},
            {"offsetof(deep_mixed, value)", l.mixed_value}, {"offsetof(deep_mixed, letter)", l.mixed_letter},
            {"offsetof(deep_mixed, big)", l.mixed_big},     {"sizeof(deep_nested)", l.nested_size},
            {"offsetof(deep_nested, tag)", l.nested_tag},   {"offsetof(deep_nested, detail)", l.nested_detail},
            {"offsetof(deep_nested, code)", l.nested_code}};
}

deep_c_struct_layout cxx_layout()
{
    return {sizeof(deep_point),          offsetof(deep_point, y),       sizeof(deep_mixed),         alignof(deep_mixed),
            offsetof(deep_mixed, value), offsetof(deep_mixed, letter),  offsetof(deep_mixed, big),  sizeof(deep_nested),
            offsetof(deep_nested, tag),  offsetof(deep_nested, detail), offsetof(deep_nested, code)};
}

std::string text_of(const deep_point &p)
{
    return fmt::format("{{{}, {}}}", p.x, p.y);
}

std::string text_of(const deep_mixed &m)
{
    return fmt::format("{{{}, {}, {:#x}, {}}}", m.flag, m.value, m.letter, m.big);
}

std::string text_of(const deep_nested &n)
{
    return fmt::format("{{{}, {}, {}, {{{}, {}, {}}}}}", text_of(n.origin), n.tag, text_of(n.detail), n.code[0],
                       n.code[1], n.code[2]);
}

// Implements the whole chain; every method appends what it was called with to a log and
// returns its own slot number (a success code), so a call that lands in the wrong slot
// shows twice: in the log and in the HRESULT.
class deep_object : public ucom::implements<deep_object, IDeep5> {
public:
    explicit deep_object(std::vector<std::string> &log) : log_(log) {}

    HRESULT Ping(int32_t value) { return record(3, fmt::format("Ping({})", value)); }
    HRESULT Scale(int64_t a, double factor, double *result)
    {
        *result = static_cast<double>(a) * factor;
        return record(4, fmt::format("Scale({}, {})", a, factor));
    }
    HRESULT SetFlag(uint8_t flag, uint16_t letter)
    {
        return record(5, fmt::format("SetFlag({}, {:#x})", flag, letter));
    }
    HRESULT get_Count(int32_t *count)
    {
        *count = count_;
        return record(6, "get_Count");
    }
    HRESULT put_Count(int32_t count)
    {
        count_ = count;
        return record(7, fmt::format("put_Count({})", count));
    }
    HRESULT Move(deep_point by, deep_point *where)
    {
        auto text = fmt::format("Move({}, {})", text_of(by), text_of(*where));
        where->x += by.x;
        where->y += by.y;
        return record(8, std::move(text));
    }
    HRESULT Fill(uint32_t size, uint8_t *buffer)
    {
        for (uint32_t i = 0; i < size; ++i) {
            buffer[i] = static_cast<uint8_t>(0xA0 + i);
        }
        return record(9, fmt::format("Fill({})", size));
    }
    HRESULT Mix(deep_mixed value, deep_mixed *copy)
    {
        *copy = value;
        copy->value *= 2;
        return record(10, fmt::format("Mix({})", text_of(value)));
    }
    HRESULT Attach(IDeepSink *sink, IUnknown **previous)
    {
        const HRESULT notified = sink->Notify(99);
        const HRESULT queried = sink->QueryInterface(&IID_IUnknown, reinterpret_cast<void **>(previous));
        return record(11, fmt::format("Attach(Notify: {}, QueryInterface: {})", notified, queried));
    }
    HRESULT Name(char **name)
    {
        *name = ucom_strdup("deep");
        return record(12, "Name");
    }
    HRESULT Nest(deep_nested value, int16_t *tag_sum)
    {
        *tag_sum = static_cast<int16_t>(value.tag + value.code[0]);
        return record(13, fmt::format("Nest({})", text_of(value)));
    }
    HRESULT Convert(uint16_t a, uint64_t b, float c, uint32_t *d)
    {
        *d = static_cast<uint32_t>(a + (b >> 48));
        return record(14, fmt::format("Convert({}, {}, {})", a, b, c));
    }
    HRESULT get_Title(char **title)
    {
        *title = ucom_strdup(title_.c_str());
        return record(15, "get_Title");
    }
    HRESULT put_Title(const char *title)
    {
        title_ = title;
        return record(16, fmt::format("put_Title({})", title));
    }
    HRESULT Widen(const uint16_t *text, int8_t shift, uint16_t *first)
    {
        *first = static_cast<uint16_t>(text[0] + shift);
        return record(17, fmt::format("Widen({:#x} {:#x}, {})", text[0], text[1], shift));
    }
    HRESULT Reset()
    {
        count_ = 0;
        title_.clear();
        return record(18, "Reset");
    }
    HRESULT Lookup(const deep_nested *key, IDeep0 **found)
    {
        const HRESULT queried = query_interface(&IID_IDeep0, reinterpret_cast<void **>(found));
        return record(19, fmt::format("Lookup({}, QueryInterface: {})", text_of(*key), queried));
    }

private:
    HRESULT record(HRESULT slot, std::string call)
    {
        log_.push_back(std::move(call));
        return slot;
    }

    std::vector<std::string> &log_;
    int32_t count_ = 42;
    std::string title_ = "untitled";
};

class sink_object : public ucom::implements<sink_object, IDeepSink> {
public:
    explicit sink_object(std::vector<std::string> &log) : log_(log) {}

    HRESULT Notify(int32_t code)
    {
        log_.push_back(fmt::format("Notify({})", code));
        return 3;
    }

private:
    std::vector<std::string> &log_;
};

// The object's identity: its IUnknown pointer (one reference, released here).
template <class Interface>
const void *identity_of(Interface *object)
{
    void *unknown = nullptr;
    REQUIRE(object->QueryInterface(&IID_IUnknown, &unknown) == S_OK);
    static_cast<IUnknown *>(unknown)->Release();
    return unknown;
}

nlohmann::json read_json(const char *path)
{
    std::ifstream in(path);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

} // namespace

TEST_CASE("every vtable slot of the deep chain is at MIDL's offset in C++")
{
    REQUIRE(cxx_slots.size() == DEEP_SLOT_TOTAL);
    for (const auto &s : cxx_slots) {
        INFO(s.interface_name << "Vtbl::" << s.member << " is slot " << s.slot);
        CHECK(s.offset == s.slot * slot_bytes);
    }
}

TEST_CASE("every vtable slot of the deep chain is at MIDL's offset in C, the same as in C++")
{
    CHECK(deep_c_slot_mismatches() == 0);
    for (std::size_t i = 0; i < cxx_slots.size(); ++i) {
        const auto &s = cxx_slots[i];
        INFO(s.interface_name << "Vtbl::" << s.member << " is slot " << s.slot);
        CHECK(deep_c_slot_offsets[i] == s.slot * slot_bytes);
        CHECK(deep_c_slot_offsets[i] == s.offset);
    }
}

TEST_CASE("each vtable of the deep chain holds its slots and nothing else, so [call_as] adds no slot")
{
    REQUIRE(cxx_vtbl_sizes.size() == std::size(deep_c_vtbl_sizes));
    for (std::size_t i = 0; i < cxx_vtbl_sizes.size(); ++i) {
        const auto &v = cxx_vtbl_sizes[i];
        INFO(v.interface_name << "Vtbl has " << v.slot_count << " slots");
        CHECK(v.size == v.slot_count * slot_bytes);
        CHECK(deep_c_vtbl_sizes[i] == v.size);
    }
    // IDeep2 declares [local] Fill and [call_as(Fill)] RemoteFill: Fill is the slot.
    CHECK(has_fill_slot<IDeep2Vtbl>);
    CHECK_FALSE(has_remote_fill_slot<IDeep2Vtbl>);
    CHECK_FALSE(has_remote_fill_slot<IDeep5Vtbl>);
    CHECK_FALSE(has_remote_fill_member<IDeep2>);
}

TEST_CASE("ucom-idl's JSON numbers the deep chain's slots as the hand-written table does")
{
    std::map<std::string, std::map<std::string, std::size_t>> table;
    for (const auto &s : cxx_slots) {
        table[s.interface_name][s.member] = s.slot;
    }
    const auto description = read_json(UCOM_LAYOUT_DEEP_CHAIN_JSON);
    std::size_t interfaces = 0;
    for (const auto &itf : description.at("interfaces")) {
        const auto name = itf.at("name").get<std::string>();
        INFO(name);
        REQUIRE(table.count(name) == 1);
        ++interfaces;
        CHECK(itf.at("slot_count").get<std::size_t>() == table[name].size());
        for (const auto &method : itf.at("methods")) {
            const auto c_name = method.at("c_name").get<std::string>();
            INFO(c_name);
            if (method.at("slot").is_null()) {
                CHECK(method.at("call_as") == "Fill");
                CHECK(table[name].count(c_name) == 0);
            } else {
                REQUIRE(table[name].count(c_name) == 1);
                CHECK(method.at("slot").get<std::size_t>() == table[name][c_name]);
            }
        }
    }
    CHECK(interfaces == table.size());
}

TEST_CASE("structs passed by value have their x86-64 sizes and field offsets in C and in C++")
{
    // By hand, for the System V x86-64 ABI: see the comments in deep_chain.idl.
    const deep_c_struct_layout x86_64{8, 4, 32, 8, 8, 16, 24, 56, 8, 16, 48};
    const auto expected = fields_of(x86_64);
    const auto in_c = fields_of(deep_c_layout());
    const auto in_cxx = fields_of(cxx_layout());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(expected[i].first);
        CHECK(in_c[i].second == expected[i].second);
        CHECK(in_cxx[i].second == expected[i].second);
    }
}

TEST_CASE("calls through the C++ members of IDeep5 reach the method of their slot with their arguments")
{
    std::vector<std::string> log;
    const auto sink = ucom::make<sink_object>(log);
    const auto deep = ucom::make<deep_object>(log);
    const auto last = [&log] { return log.empty() ? std::string() : log.back(); };

    CHECK(deep->AddRef() == 2);
    CHECK(deep->Release() == 1);
    CHECK(deep->Ping(-11) == 3);
    CHECK(last() == "Ping(-11)");
    double scaled = 0.0;
    CHECK(deep->Scale(-(INT64_C(3) << 40), 0.5, &scaled) == 4);
    CHECK(last() == "Scale(-3298534883328, 0.5)");
    CHECK(scaled == -1649267441664.0);
    CHECK(deep->SetFlag(0, 0x3042) == 5);
    CHECK(last() == "SetFlag(0, 0x3042)");
    int32_t count = 0;
    CHECK(deep->get_Count(&count) == 6);
    CHECK(last() == "get_Count");
    CHECK(count == 42);
    CHECK(deep->put_Count(7) == 7);
    CHECK(last() == "put_Count(7)");
    deep_point where{-1, -2};
    CHECK(deep->Move(deep_point{5, 6}, &where) == 8);
    CHECK(last() == "Move({5, 6}, {-1, -2})");
    CHECK(text_of(where) == "{4, 4}");
    std::array<uint8_t, 2> buffer{};
    CHECK(deep->Fill(2, buffer.data()) == 9);
    CHECK(last() == "Fill(2)");
    CHECK(buffer == std::array<uint8_t, 2>{0xA0, 0xA1});
    deep_mixed copy{};
    CHECK(deep->Mix(deep_mixed{1, -0.125, 0xE9, INT64_C(1) << 62}, &copy) == 10);
    CHECK(last() == "Mix({1, -0.125, 0xe9, 4611686018427387904})");
    CHECK(text_of(copy) == "{1, -0.25, 0xe9, 4611686018427387904}");
    ucom::com_ptr<IUnknown> previous;
    CHECK(deep->Attach(sink.get(), previous.put()) == 11);
    CHECK(last() == "Attach(Notify: 3, QueryInterface: 0)");
    CHECK(log.at(log.size() - 2) == "Notify(99)");
    CHECK(identity_of(previous.get()) == identity_of(sink.get()));
    char *name = nullptr;
    CHECK(deep->Name(&name) == 12);
    CHECK(last() == "Name");
    CHECK(std::string(name) == "deep");
    ucom_free(name);
    const deep_nested nested{{3, 4}, 5, {0, 1.5, 0x7A, -1}, {10, 11, 12}};
    int16_t tag_sum = 0;
    CHECK(deep->Nest(nested, &tag_sum) == 13);
    CHECK(last() == "Nest({{3, 4}, 5, {0, 1.5, 0x7a, -1}, {10, 11, 12}})");
    CHECK(tag_sum == 15);
    uint32_t converted = 0;
    CHECK(deep->Convert(1, UINT64_C(3) << 48, -2.5f, &converted) == 14);
    CHECK(last() == "Convert(1, 844424930131968, -2.5)");
    CHECK(converted == 4);
    char *title = nullptr;
    CHECK(deep->get_Title(&title) == 15);
    CHECK(last() == "get_Title");
    CHECK(std::string(title) == "untitled");
    ucom_free(title);
    CHECK(deep->put_Title("from C++") == 16);
    CHECK(last() == "put_Title(from C++)");
    const uint16_t text[] = {0x3B1, 0x3B2, 0};
    uint16_t first = 0;
    CHECK(deep->Widen(text, 3, &first) == 17);
    CHECK(last() == "Widen(0x3b1 0x3b2, 3)");
    CHECK(first == 0x3B4);
    CHECK(deep->Reset() == 18);
    CHECK(last() == "Reset");
    ucom::com_ptr<IDeep0> found;
    CHECK(deep->Lookup(&nested, found.put()) == 19);
    CHECK(last() == "Lookup({{3, 4}, 5, {0, 1.5, 0x7a, -1}, {10, 11, 12}}, QueryInterface: 0)");
    CHECK(identity_of(found.get()) == identity_of(deep.get()));
    CHECK(log.size() == 18); // 17 methods and the sink's Notify
}

TEST_CASE("calls through the C macros of IDeep5 reach the method of their slot with their arguments")
{
    std::vector<std::string> log;
    const auto sink = ucom::make<sink_object>(log);
    const auto deep = ucom::make<deep_object>(log);
    deep_c_results out{};

    deep_c_call_every_slot(deep.get(), sink.get(), &out);

    const std::string nested = "{{1, 2}, -3, {1, 2.5, 0x42, -7}, {7, 8, 9}}";
    const std::vector<std::string> expected{"Ping(11)",
                                            "Scale(8589934592, 0.25)",
                                            "SetFlag(1, 0x263a)",
                                            "get_Count",
                                            "put_Count(-5)",
                                            "Move({1, 2}, {10, 20})",
                                            "Fill(4)",
                                            "Mix({1, 2.5, 0x42, -7})",
                                            "Notify(99)",
                                            "Attach(Notify: 3, QueryInterface: 0)",
                                            "Name",
                                            "Nest(" + nested + ")",
                                            "Convert(65535, 9223372036854775808, 1.5)",
                                            "get_Title",
                                            "put_Title(from C)",
                                            "Widen(0x41 0x42, -2)",
                                            "Reset",
                                            "Lookup(" + nested + ", QueryInterface: 0)"};
    CHECK(log == expected);
    for (HRESULT slot = 3; slot < 20; ++slot) {
        INFO("slot " << slot);
        CHECK(out.hr[slot] == slot);
    }
    CHECK(out.add_ref == 2);
    CHECK(out.release == 1);
    CHECK(out.scaled == 2147483648.0);
    CHECK(out.count == 42);
    CHECK(text_of(out.where) == "{11, 22}");
    CHECK(std::to_array(out.buffer) == std::array<uint8_t, 4>{0xA0, 0xA1, 0xA2, 0xA3});
    CHECK(text_of(out.copy) == "{1, 5, 0x42, -7}");
    REQUIRE(out.previous != nullptr);
    CHECK(identity_of(out.previous) == identity_of(sink.get()));
    out.previous->Release();
    REQUIRE(out.name != nullptr);
    CHECK(std::string(out.name) == "deep");
    ucom_free(out.name);
    CHECK(out.tag_sum == 4);
    CHECK(out.converted == 98303);
    REQUIRE(out.title != nullptr);
    CHECK(std::string(out.title) == "untitled");
    ucom_free(out.title);
    CHECK(out.first == 0x3F);
    REQUIRE(out.found != nullptr);
    CHECK(identity_of(out.found) == identity_of(deep.get()));
    out.found->Release();
}

TEST_CASE("calls through each base interface's C macros reach the same object's methods")
{
    std::vector<std::string> log;
    const auto deep = ucom::make<deep_object>(log);
    HRESULT hr[5] = {};

    deep_c_call_through_bases(deep.get(), hr);

    CHECK(std::to_array(hr) == std::array<HRESULT, 5>{4, 7, 10, 12, 14});
    CHECK(log == std::vector<std::string>{"Scale(4, 0.5)", "put_Count(101)", "Mix({0, -1, 0x20ac, 1})", "Name",
                                          "Convert(1, 2, -0.5)"});
}
