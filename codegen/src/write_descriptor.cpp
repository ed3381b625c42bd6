// <stem>_descriptor.c: the module descriptor blob of the file's coclasses (layout in
// runtime/include/ucom/module_descriptor.h), placed in its own ELF section so that
// registration reads it from the plugin file without loading it. <stem>_uses.c: a blob with
// no classes whose uses table lists the file's interfaces with their fingerprints, for the
// plugins and hosts that call them. The C compiler computes every offset and size (offsetof,
// sizeof), so the blob is right for any ABI detail ucom-idl does not know; ucom-idl computes
// only the string offsets.
#include <algorithm>
#include <initializer_list>
#include <cctype>
#include <map>

#include "attribute_rules.hpp"
#include "code_writer.hpp"
#include "fingerprint.hpp"
#include "rust_spelling.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

// One field of a record, named as in ucom/module_descriptor.h.
struct field {
    const char *name;
    std::string value;
};

// A record's initialiser, one field a line, each after a comment naming it, in the order of
// the struct (C99 and C++17 have no designated initialisers in common).
void write_record(code_writer &w, std::initializer_list<field> fields)
{
    w.line("{{");
    w.indent();
    for (const field &f : fields) {
        w.line("/* {} */ {},", f.name, f.value);
    }
    w.dedent();
    w.line("}},");
}

// Strings of the blob: offset 0 is "", each other string once.
class string_pool {
public:
    std::uint32_t add(const std::string &text)
    {
        if (text.empty()) {
            return 0;
        }
        auto [it, inserted] = offsets_.try_emplace(text, size_);
        if (inserted) {
            order_.push_back(text);
            size_ += static_cast<std::uint32_t>(text.size() + 1);
        }
        return it->second;
    }
    [[nodiscard]] std::uint32_t size() const { return size_; }
    // String literal pieces, one per string, each ending in its NUL except the last, whose NUL
    // is the literal's own; separate literals keep "\0" from running into a following digit.
    [[nodiscard]] std::vector<std::string> literal_pieces() const
    {
        std::vector<std::string> pieces{order_.empty() ? "\"\"" : "\"\\0\""};
        for (std::size_t i = 0; i < order_.size(); ++i) {
            auto literal = c_string_literal(order_[i]);
            if (i + 1 < order_.size()) {
                literal.insert(literal.size() - 1, "\\0");
            }
            pieces.push_back(literal);
        }
        return pieces;
    }

    // The pool as the body of a Rust byte string: every string with its NUL, escaped.
    [[nodiscard]] std::string byte_string() const
    {
        std::string out = "\\0";
        for (const auto &text : order_) {
            for (char ch : text) {
                const auto c = static_cast<unsigned char>(ch);
                out += c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? std::string(1, static_cast<char>(c))
                                                                       : fmt::format("\\x{:02x}", c);
            }
            out += "\\0";
        }
        return out;
    }

private:
    std::map<std::string, std::uint32_t> offsets_;
    std::vector<std::string> order_;
    std::uint32_t size_ = 1;
};

std::string threading_constant(const std::string &model)
{
    auto known = std::find(threading_models.begin(), threading_models.end(), std::string_view(model));
    if (known == threading_models.end()) {
        return "UCOM_THREADING_UNSPECIFIED";
    }
    std::string name = "UCOM_THREADING_";
    for (char c : *known) {
        name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

std::string interface_flags(const model_coclass_entry &entry)
{
    std::string flags;
    auto add = [&](bool on, std::string_view flag) {
        if (on) {
            flags += (flags.empty() ? "" : " | ") + std::string(flag);
        }
    };
    add(entry.is_default, "UCOM_INTERFACE_DEFAULT");
    add(entry.is_source, "UCOM_INTERFACE_SOURCE");
    add(entry.is_dispinterface, "UCOM_INTERFACE_DISPATCH");
    return flags.empty() ? "0" : flags;
}

// What one blob holds: the coclasses a plugin implements, or the interfaces a module calls.
// (Its name is the blob's symbol, which ucom-build names to the linker: `ucom_descriptor_`
// or `ucom_uses_` and the IDL file's stem as an identifier.)
struct blob_content {
    std::vector<const model_coclass *> classes;
    std::vector<const model_interface *> uses;
    std::string name;                  // the blob's C identifier
    std::vector<std::string> comment;  // what the file is, after the banner
};

// Writes one blob. The records are written first, because they assign the string offsets;
// the struct that holds them and the initializer around them come after. C has no empty
// arrays, so an array with no records is left out of the struct, and its offset is 0.
class descriptor_writer {
public:
    descriptor_writer(blob_content content, const writer_options &options)
        : options_(options), classes_(std::move(content.classes)), uses_(std::move(content.uses)),
          comment_(std::move(content.comment)), blob_(std::move(content.name)), type_("struct " + blob_)
    {
        records_.indent();
    }

    std::string run()
    {
        if (!classes_.empty()) {
            write_class_records();
        }
        if (interface_count() > 0) {
            write_interface_records();
        }
        if (!uses_.empty()) {
            write_used_records();
        }
        code_writer w;
        w.line("/* Generated by ucom-idl from {}: do not edit. C99 and C++17. */", options_.source_name);
        for (const auto &line : comment_) {
            w.line("{}", line);
        }
        w.raw_line("#include <stddef.h>");
        w.blank();
        w.raw_line("#include <ucom/module_descriptor.h>");
        w.blank();
        write_blob_type(w);
        w.blank();
        write_blob(w);
        return w.take();
    }

private:
    [[nodiscard]] std::size_t interface_count() const
    {
        std::size_t total = 0;
        for (const auto *c : classes_) {
            total += c->interfaces.size();
        }
        return total;
    }

    void write_class_records()
    {
        records_.line("{{");
        records_.indent();
        std::size_t first_interface = 0;
        for (const auto *c : classes_) {
            auto name = strings_.add(c->name);
            auto progid = strings_.add(c->progid);
            auto vi_progid = strings_.add(c->vi_progid);
            auto description = strings_.add(c->helpstring);
            auto interfaces = c->interfaces.empty() ? std::string("0")
                                                    : fmt::format("offsetof({}, interfaces) + {} * "
                                                                  "sizeof(ucom_descriptor_interface)",
                                                                  type_, first_interface);
            records_.line("/* {} */", c->name);
            write_record(records_, {{"clsid", guid_initializer(c->clsid)},
                                    {"name", std::to_string(name)},
                                    {"progid", std::to_string(progid)},
                                    {"vi_progid", std::to_string(vi_progid)},
                                    {"description", std::to_string(description)},
                                    {"threading", threading_constant(c->threading)},
                                    {"interface_count", std::to_string(c->interfaces.size())},
                                    {"interfaces_offset", interfaces},
                                    {"reserved", "0"}});
            first_interface += c->interfaces.size();
        }
        records_.dedent();
        records_.line("}},");
    }

    void write_interface_records()
    {
        records_.line("{{");
        records_.indent();
        for (const auto *c : classes_) {
            records_.line("/* {} */", c->name);
            for (const auto &entry : c->interfaces) {
                write_interface_record(records_, entry.iid.value_or(uuid_value{}), entry.target, entry.name,
                                       interface_flags(entry));
            }
        }
        records_.dedent();
        records_.line("}},");
    }

    void write_used_records()
    {
        records_.line("{{");
        records_.indent();
        for (const model_interface *used : uses_) {
            write_interface_record(records_, used->iid.value(), used, used->name, "0"); // main_interfaces(): with an IID
        }
        records_.dedent();
        records_.line("}},");
    }

    // `target` is null for a dispinterface, which has no layout.
    void write_interface_record(code_writer &w, const uuid_value &iid, const model_interface *target,
                                const std::string &name, const std::string &flags)
    {
        const auto fingerprint = [](std::uint64_t value) {
            return fmt::format("UINT64_C(0x{})", fingerprint_text(value));
        };
        write_record(w, {{"iid", guid_initializer(iid)},
                         {"fingerprint", fingerprint(target != nullptr ? target->fingerprint : 0)},
                         {"name", std::to_string(strings_.add(name))},
                         {"flags", flags},
                         {"contract", fingerprint(target != nullptr ? target->contract_fingerprint : 0)}});
    }

    [[nodiscard]] std::string offset_of(bool present, std::string_view member) const
    {
        return present ? fmt::format("offsetof({}, {})", type_, member) : std::string("0");
    }

    void write_blob_type(code_writer &w) const
    {
        w.line("{} {{", type_);
        w.indent();
        w.line("ucom_descriptor_header header;");
        if (!classes_.empty()) {
            w.line("ucom_descriptor_class classes[{}];", classes_.size());
        }
        if (interface_count() > 0) {
            w.line("ucom_descriptor_interface interfaces[{}];", interface_count());
        }
        if (!uses_.empty()) {
            w.line("ucom_descriptor_interface uses[{}];", uses_.size());
        }
        w.line("char strings[{}];", strings_.size());
        w.dedent();
        w.line("}};");
    }

    void write_blob(code_writer &w)
    {
        w.line("static const {} {} UCOM_DESCRIPTOR_ATTRIBUTES = {{", type_, blob_);
        w.indent();
        write_record(w, {{"size", fmt::format("sizeof({})", type_)},
                         {"magic", "UCOM_DESCRIPTOR_MAGIC"},
                         {"abi_major", "UCOM_DESCRIPTOR_ABI_MAJOR"},
                         {"abi_minor", "UCOM_DESCRIPTOR_ABI_MINOR"},
                         {"header_size", "sizeof(ucom_descriptor_header)"},
                         {"class_size", "sizeof(ucom_descriptor_class)"},
                         {"interface_size", "sizeof(ucom_descriptor_interface)"},
                         {"class_count", std::to_string(classes_.size())},
                         {"classes_offset", offset_of(!classes_.empty(), "classes")},
                         {"strings_offset", offset_of(true, "strings")},
                         {"strings_size", std::to_string(strings_.size())},
                         {"uses_count", std::to_string(uses_.size())},
                         {"uses_offset", offset_of(!uses_.empty(), "uses")},
                         {"layout_version", std::to_string(contract_layout_version)},
                         {"reserved", "0"}});
        auto body = records_.take();
        body.pop_back(); // the writer's last newline; raw_line adds it back
        w.raw_line(body);
        for (const auto &piece : strings_.literal_pieces()) {
            w.line("{}", piece);
        }
        w.dedent();
        w.line("}};");
    }

    const writer_options &options_;
    std::vector<const model_coclass *> classes_;
    std::vector<const model_interface *> uses_;
    std::vector<std::string> comment_;
    std::string blob_;
    std::string type_;
    string_pool strings_;
    code_writer records_;
};

// The same blob for a Rust plugin (--emit rust-descriptor): a #[repr(C)] static of the
// `ucom` crate's record types in the same section. Rust has no offsetof on its oldest
// supported toolchain, so the offsets are computed here from the record sizes, which the
// crate asserts equal C's.
class rust_descriptor_writer {
public:
    rust_descriptor_writer(blob_content content, const writer_options &options)
        : options_(options), content_(std::move(content))
    {
    }

    std::string run()
    {
        constexpr std::uint32_t header_size = 56;
        constexpr std::uint32_t class_size = 48;
        constexpr std::uint32_t interface_size = 40;
        std::size_t interface_count = 0;
        for (const auto *c : content_.classes) {
            interface_count += c->interfaces.size();
        }
        const auto classes_offset = header_size;
        const auto interfaces_offset = classes_offset + class_size * static_cast<std::uint32_t>(content_.classes.size());
        const auto uses_offset = interfaces_offset + interface_size * static_cast<std::uint32_t>(interface_count);
        const auto strings_offset = uses_offset + interface_size * static_cast<std::uint32_t>(content_.uses.size());

        code_writer records;
        records.indent();
        if (!content_.classes.empty()) {
            records.line("classes: [");
            records.indent();
            std::uint32_t first_interface = 0;
            for (const auto *c : content_.classes) {
                records.line("ucom::descriptor::Class {{");
                records.indent();
                records.line("clsid: {},", rust_guid_value(c->clsid));
                records.line("name: {},", strings_.add(c->name));
                records.line("progid: {},", strings_.add(c->progid));
                records.line("vi_progid: {},", strings_.add(c->vi_progid));
                records.line("description: {},", strings_.add(c->helpstring));
                records.line("threading: {},", rust_constant(threading_constant(c->threading)));
                records.line("interface_count: {},", c->interfaces.size());
                records.line("interfaces_offset: {},",
                             c->interfaces.empty() ? 0 : interfaces_offset + first_interface * interface_size);
                records.line("reserved: 0,");
                records.dedent();
                records.line("}},");
                first_interface += static_cast<std::uint32_t>(c->interfaces.size());
            }
            records.dedent();
            records.line("],");
        }
        if (interface_count > 0) {
            records.line("interfaces: [");
            records.indent();
            for (const auto *c : content_.classes) {
                for (const auto &entry : c->interfaces) {
                    write_interface_record(records, entry.iid.value_or(uuid_value{}), entry.target, entry.name,
                                           rust_constant(interface_flags(entry)));
                }
            }
            records.dedent();
            records.line("],");
        }
        if (!content_.uses.empty()) {
            records.line("uses: [");
            records.indent();
            for (const auto *used : content_.uses) {
                write_interface_record(records, used->iid.value(), used, used->name, "0");
            }
            records.dedent();
            records.line("],");
        }

        const auto type = content_.name + "_blob";
        code_writer w;
        w.line("// Generated by ucom-idl from {}: do not edit.", options_.source_name);
        for (const auto &line : content_.comment) {
            w.line("// {}", line);
        }
        w.line("#[allow(non_camel_case_types)]");
        w.line("#[repr(C, align(8))]");
        w.line("pub struct {} {{", type);
        w.indent();
        w.line("header: ucom::descriptor::Header,");
        if (!content_.classes.empty()) {
            w.line("classes: [ucom::descriptor::Class; {}],", content_.classes.size());
        }
        if (interface_count > 0) {
            w.line("interfaces: [ucom::descriptor::Interface; {}],", interface_count);
        }
        if (!content_.uses.empty()) {
            w.line("uses: [ucom::descriptor::Interface; {}],", content_.uses.size());
        }
        w.line("strings: [u8; {}],", strings_.size());
        w.dedent();
        w.line("}}");
        w.line("const _: () = assert!(std::mem::size_of::<{}>() == {});", type,
               (strings_offset + strings_.size() + 7) / 8 * 8);
        w.blank();
        w.line("// Exported (no_mangle) and #[used], so that neither rustc nor the linker drops it.");
        w.line("#[used]");
        w.line("#[no_mangle]");
        w.line("#[link_section = \"ucom_descriptor\"]");
        w.line("pub static {}: {} = {} {{", content_.name, type, type);
        w.indent();
        w.line("header: ucom::descriptor::Header {{");
        w.indent();
        w.line("size: std::mem::size_of::<{}>() as u32,", type);
        w.line("magic: ucom::descriptor::MAGIC,");
        w.line("abi_major: ucom::descriptor::ABI_MAJOR,");
        w.line("abi_minor: ucom::descriptor::ABI_MINOR,");
        w.line("header_size: {},", header_size);
        w.line("class_size: {},", class_size);
        w.line("interface_size: {},", interface_size);
        w.line("class_count: {},", content_.classes.size());
        w.line("classes_offset: {},", content_.classes.empty() ? 0 : classes_offset);
        w.line("strings_offset: {},", strings_offset);
        w.line("strings_size: {},", strings_.size());
        w.line("uses_count: {},", content_.uses.size());
        w.line("uses_offset: {},", content_.uses.empty() ? 0 : uses_offset);
        w.line("layout_version: {},", contract_layout_version);
        w.line("reserved: 0,");
        w.dedent();
        w.line("}},");
        auto body = records.take();
        if (!body.empty()) {
            body.pop_back();
            w.raw_line(body);
        }
        w.line("strings: *b\"{}\",", strings_.byte_string());
        w.dedent();
        w.line("}};");
        return w.take();
    }

private:
    static std::string rust_constant(const std::string &c_text)
    {
        std::string out;
        std::size_t at = 0;
        for (auto found = c_text.find("UCOM_"); found != std::string::npos; found = c_text.find("UCOM_", at)) {
            out += c_text.substr(at, found - at) + "ucom::descriptor::";
            at = found + 5;
        }
        return out + c_text.substr(at);
    }

    void write_interface_record(code_writer &w, const uuid_value &iid, const model_interface *target,
                                const std::string &name, const std::string &flags)
    {
        w.line("ucom::descriptor::Interface {{");
        w.indent();
        w.line("iid: {},", rust_guid_value(iid));
        w.line("fingerprint: 0x{},", fingerprint_text(target != nullptr ? target->fingerprint : 0));
        w.line("name: {},", strings_.add(name));
        w.line("flags: {},", flags);
        w.line("contract: 0x{},", fingerprint_text(target != nullptr ? target->contract_fingerprint : 0));
        w.dedent();
        w.line("}},");
    }

    const writer_options &options_;
    blob_content content_;
    string_pool strings_;
};

blob_content coclasses_blob(const resolved_model &model, const writer_options &options)
{
    return {model.main_coclasses(), {}, "ucom_descriptor_" + identifier_of(options.stem), {}};
}

blob_content uses_blob(const resolved_model &model, const writer_options &options)
{
    return {{}, model.main_interfaces(), "ucom_uses_" + identifier_of(options.stem), {}};
}

std::string write_descriptor_text(const resolved_model &model, const writer_options &options)
{
    if (model.main_coclasses().empty()) {
        // Still a file, so that a build rule that lists it finds it; a C file may not be empty.
        return fmt::format("/* Generated by ucom-idl from {}: it declares no coclass, so there is no module "
                           "descriptor. */\n#include <ucom/module_descriptor.h>\n",
                           options.source_name);
    }
    auto content = coclasses_blob(model, options);
    content.comment = {fmt::format("/* The module descriptor of {}'s coclasses: compile it into the plugin that "
                                   "implements",
                                   options.source_name),
                       " * them. ucom reads it from the plugin file without loading the plugin. */"};
    return descriptor_writer(std::move(content), options).run();
}

std::string write_uses_text(const resolved_model &model, const writer_options &options)
{
    if (model.main_interfaces().empty()) {
        return fmt::format("/* Generated by ucom-idl from {}: it declares no object interface, so a module that "
                           "calls it records nothing. */\n#include <ucom/module_descriptor.h>\n",
                           options.source_name);
    }
    auto content = uses_blob(model, options);
    content.comment = {
        fmt::format("/* The interfaces {} declares, with the layout fingerprints they have now: compile it into",
                    options.source_name),
        " * each plugin or host that calls them (ucom_target_uses in CMake), so that `ucom verify` and the",
        " * loader find the module stale when one of them changes under the same IID. */"};
    return descriptor_writer(std::move(content), options).run();
}

std::string write_rust_descriptor_text(const resolved_model &model, const writer_options &options)
{
    if (model.main_coclasses().empty()) {
        return fmt::format("// Generated by ucom-idl from {}: it declares no coclass, so there is no module descriptor.\n",
                           options.source_name);
    }
    auto content = coclasses_blob(model, options);
    content.comment = {fmt::format("The module descriptor of {}'s coclasses: include it in the Rust plugin that", options.source_name),
                       "implements them. ucom reads it from the plugin file without loading the plugin."};
    return rust_descriptor_writer(std::move(content), options).run();
}

std::string write_rust_uses_text(const resolved_model &model, const writer_options &options)
{
    if (model.main_interfaces().empty()) {
        return fmt::format("// Generated by ucom-idl from {}: it declares no object interface, so a module that calls "
                           "it records nothing.\n",
                           options.source_name);
    }
    auto content = uses_blob(model, options);
    content.comment = {fmt::format("The interfaces {} declares, with the layout fingerprints they have now: include it", options.source_name),
                       "once in each Rust plugin or host that calls them, so that `ucom verify` and the loader",
                       "find the module stale when one of them changes under the same IID."};
    return rust_descriptor_writer(std::move(content), options).run();
}

} // namespace

void write_descriptor(const resolved_model &model, const writer_options &options, text_sink &out)
{
    out.write(write_descriptor_text(model, options));
}

void write_uses(const resolved_model &model, const writer_options &options, text_sink &out)
{
    out.write(write_uses_text(model, options));
}

void write_rust_descriptor(const resolved_model &model, const writer_options &options, text_sink &out)
{
    out.write(write_rust_descriptor_text(model, options));
}

void write_rust_uses(const resolved_model &model, const writer_options &options, text_sink &out)
{
    out.write(write_rust_uses_text(model, options));
}

} // namespace ucom::idl
