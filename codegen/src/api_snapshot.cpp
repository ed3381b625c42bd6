// The API snapshot and the compatibility check (api_snapshot.hpp).
#include "api_snapshot.hpp"

#include <cctype>
#include <map>
#include <new>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "fingerprint.hpp"
#include "json_stream.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

using json = nlohmann::json; // keys sorted: the snapshot is canonical whatever the source order

constexpr int snapshot_version = 1;

// An expression with every name of `names` written as its position ($1 is the first), so
// that renaming a parameter or field does not change the snapshot and `2 * n` stays apart
// from `n`.
std::string positional(const expr &e, const std::vector<std::string> &names)
{
    const std::string spelled = expression(e);
    std::string out;
    for (std::size_t i = 0; i < spelled.size();) {
        const auto c = static_cast<unsigned char>(spelled[i]);
        if (std::isalnum(c) == 0 && spelled[i] != '_') {
            out += spelled[i++];
            continue;
        }
        std::size_t end = i;
        while (end < spelled.size() &&
               (std::isalnum(static_cast<unsigned char>(spelled[end])) != 0 || spelled[end] == '_')) {
            ++end;
        }
        const std::string word = spelled.substr(i, end - i);
        auto at = std::find(names.begin(), names.end(), word);
        if (std::isdigit(c) == 0 && at != names.end()) {
            out += fmt::format("${}", at - names.begin() + 1);
        } else {
            out += word; // a number (0x1F included) or a constant
        }
        i = end;
    }
    return out;
}

// The attributes of a parameter or field that change what crosses the boundary, in one
// canonical string: "string size_is($2) unique".
std::string contract(const attribute_set &attrs, const std::vector<std::string> &names)
{
    std::string out;
    auto add = [&](const std::string &part) { out += (out.empty() ? "" : " ") + part; };
    for (auto id : {attribute_id::retval, attribute_id::string, attribute_id::ref, attribute_id::unique,
                    attribute_id::ptr}) {
        if (attrs.has(id)) {
            add(std::string(rule_of(id).name));
        }
    }
    for (auto id : {attribute_id::size_is, attribute_id::length_is, attribute_id::max_is, attribute_id::min_is,
                    attribute_id::first_is, attribute_id::last_is, attribute_id::iid_is, attribute_id::switch_is,
                    attribute_id::switch_type, attribute_id::range}) {
        const auto *a = attrs.find(id);
        if (a == nullptr) {
            continue;
        }
        std::string args;
        if (a->written->type_arg) {
            args = canonical_type(*a->written->type_arg);
        }
        for (std::size_t i = 0; i < a->written->args.size(); ++i) {
            const auto &arg = a->written->args[i];
            args += (i == 0 && args.empty() ? "" : ",") + (arg ? positional(*arg, names) : std::string());
        }
        add(fmt::format("{}({})", rule_of(id).name, args));
    }
    return out;
}

// Every value written twice as it is described: into the snapshot's text, and into the
// compact text its hash covers (the same document less "source" and "hash"), so that
// neither is built as a DOM first.
// XXH3-64 of the text written into it, taken as it comes (the same value as over the whole text).
class hashing_sink final : public text_sink {
public:
    hashing_sink() : state_(XXH3_createState())
    {
        if (state_ == nullptr) {
            throw std::bad_alloc();
        }
        XXH3_64bits_reset(state_);
    }
    hashing_sink(const hashing_sink &) = delete;
    hashing_sink &operator=(const hashing_sink &) = delete;
    ~hashing_sink() override { XXH3_freeState(state_); }

    void write(std::string_view text) override { XXH3_64bits_update(state_, text.data(), text.size()); }
    [[nodiscard]] XXH64_hash_t digest() const { return XXH3_64bits_digest(state_); }

private:
    XXH3_state_t *state_;
};

class json_tee {
public:
    json_tee(json_stream &pretty, json_stream &hashed) : pretty_(pretty), hashed_(hashed) {}

    void begin_object()
    {
        pretty_.begin_object();
        hashed_.begin_object();
    }
    void end_object()
    {
        pretty_.end_object();
        hashed_.end_object();
    }
    void begin_array()
    {
        pretty_.begin_array();
        hashed_.begin_array();
    }
    void end_array()
    {
        pretty_.end_array();
        hashed_.end_array();
    }
    json_tee &key(std::string_view name)
    {
        pretty_.key(name);
        hashed_.key(name);
        return *this;
    }
    template <class T>
    void value(const T &v)
    {
        pretty_.value(v);
        hashed_.value(v);
    }

private:
    json_stream &pretty_;
    json_stream &hashed_;
};

// Keys sorted as a JSON object of nlohmann::json sorts them (std::map: byte order); a name
// declared twice keeps its last declaration, as assigning the same key twice does.
template <class T>
using by_name = std::map<std::string_view, const T *>;

void method_json(json_tee &out, const model_method &m)
{
    std::vector<std::string> names;
    for (const auto &p : m.parameters) {
        names.push_back(p.name);
    }
    out.begin_object();
    out.key("c_name").value(m.c_name);
    out.key("name").value(m.name);
    out.key("parameters").begin_array();
    for (const auto &p : m.parameters) {
        out.begin_object();
        out.key("contract").value(contract(p.attributes, names));
        out.key("direction").value(direction_name(p.direction));
        out.key("name").value(p.name);
        out.key("type").value(p.type != nullptr ? canonical_type(*p.type) : "?");
        out.end_object();
    }
    out.end_array();
    out.key("returns").value(m.return_type != nullptr ? canonical_type(*m.return_type) : "void");
    out.key("slot").value(m.slot);
    out.end_object();
}

void interface_json(json_tee &out, const model_interface &itf)
{
    out.begin_object();
    if (itf.base != nullptr) {
        out.key("base").value(itf.base->name);
    } else {
        out.key("base").value(nullptr);
    }
    out.key("iid").value(to_string(itf.iid.value_or(uuid_value{}))); // main_interfaces(): always there
    out.key("methods").begin_array();
    for (const auto &m : itf.methods) {
        if (m.slot >= 0) {
            method_json(out, m);
        }
    }
    out.end_array();
    out.end_object();
}

void fields_json(json_tee &out, const std::vector<field> &fields)
{
    std::vector<std::string> names;
    for (const auto &f : fields) {
        names.push_back(f.name);
    }
    out.begin_array();
    for (const auto &f : fields) {
        std::string type_text = f.type ? canonical_type(*f.type) : "void";
        if (f.bits && f.bits->value) {
            type_text += fmt::format(":{}", *f.bits->value); // as the layout text writes a bit field
        }
        out.begin_object();
        out.key("contract").value(contract(attribute_set(f.attributes), names));
        out.key("name").value(f.name);
        out.key("type").value(type_text);
        out.end_object();
    }
    out.end_array();
}

void struct_json(json_tee &out, const struct_decl &s)
{
    out.begin_object();
    fields_json(out.key("fields"), s.fields);
    out.end_object();
}

void union_json(json_tee &out, const union_decl &u)
{
    out.begin_object();
    out.key("arms").begin_array();
    for (const auto &arm : u.arms) {
        out.begin_object();
        out.key("cases").begin_array();
        for (const auto &c : arm.cases) {
            if (c && c->value) {
                out.value(*c->value);
            } else {
                out.value(nullptr);
            }
        }
        out.end_array();
        out.key("default").value(arm.is_default);
        out.key("name").value(arm.member.name);
        out.key("type").value(arm.member.type ? canonical_type(*arm.member.type) : "void");
        out.end_object();
    }
    out.end_array();
    out.key("discriminant").value(u.discriminant != nullptr ? canonical_type(*u.discriminant) : "?");
    out.key("encapsulated").value(u.encapsulated);
    out.end_object();
}

void enum_json(json_tee &out, const enum_decl &e)
{
    std::map<std::string_view, std::int64_t> values;
    for (const auto &item : e.enumerators) {
        values[item.name] = item.resolved_value;
    }
    out.begin_object();
    for (const auto &[name, value] : values) {
        out.key(name).value(value);
    }
    out.end_object();
}

void typedef_json(json_tee &out, const typedef_decl &t)
{
    out.value(canonical_type(*t.type));
}

void constant_json(json_tee &out, const const_decl &c)
{
    if (!c.value) {
        out.value(nullptr);
    } else if (c.value->value) {
        out.value(*c.value->value);
    } else if (c.value->kind == expr_kind::string) {
        out.value(c.value->text);
    } else {
        out.value(expression(*c.value));
    }
}

template <class T, class Write>
void object_json(json_tee &out, std::string_view key, const by_name<T> &items, Write write)
{
    out.key(key).begin_object();
    for (const auto &[name, item] : items) {
        write(out.key(name), *item);
    }
    out.end_object();
}

// What the snapshot holds, each by name.
struct snapshot_content {
    by_name<model_interface> interfaces;
    by_name<struct_decl> structs;
    by_name<union_decl> unions;
    by_name<enum_decl> enums;
    by_name<typedef_decl> typedefs;
    by_name<const_decl> constants;

    explicit snapshot_content(const resolved_model &model)
    {
        for (const auto *itf : model.main_interfaces()) {
            interfaces[itf->name] = itf;
        }
        // Anonymous aggregates have invented names; they are in the snapshot through their users.
        for_each_declaration(model.main().decls, [&](const decl &d) {
            if (const auto *s = as<struct_decl>(&d); s != nullptr && s->is_definition && !s->anonymous) {
                structs[s->name] = s;
            } else if (const auto *u = as<union_decl>(&d); u != nullptr && u->is_definition && !u->anonymous) {
                unions[u->name] = u;
            } else if (const auto *e = as<enum_decl>(&d); e != nullptr && e->is_definition && !e->anonymous) {
                enums[e->name] = e;
            } else if (const auto *t = as<typedef_decl>(&d); t != nullptr && t->type) {
                typedefs[t->name] = t;
            } else if (const auto *c = as<const_decl>(&d)) {
                constants[c->name] = c;
            }
        });
    }
};

} // namespace

void write_api_snapshot(const resolved_model &model, const writer_options &options, text_sink &sink)
{
    const snapshot_content content(model);
    json_stream pretty(1, json_stream::error_handler::replace);
    hashing_sink hashing;
    json_stream hashed(hashing, -1); // strict, as dump() is
    json_tee out(pretty, hashed);
    // Keys in byte order; "hash" and "source" only in the snapshot's own text. The hash
    // falls between "enums" and "interfaces": the text written before it is set aside
    // until the hash, which covers all the rest, is known.
    out.begin_object();
    object_json(out, "constants", content.constants, constant_json);
    object_json(out, "enums", content.enums, enum_json);
    const std::string head = pretty.take();
    object_json(out, "interfaces", content.interfaces, interface_json);
    pretty.key("source").value(options.source_name);
    object_json(out, "structs", content.structs, struct_json);
    object_json(out, "typedefs", content.typedefs, typedef_json);
    out.key("ucom_api").value(snapshot_version);
    object_json(out, "unions", content.unions, union_json);
    out.end_object();
    // The hash covers the API, not where it was read from.
    hashed.flush();
    const std::string hash = fingerprint_text(hashing.digest());
    sink.write(head);
    sink.write(",\n \"hash\": \"");
    sink.write(hash);
    sink.write("\"");
    pretty.hand_on(sink);
    sink.write("\n");
}

std::string write_api_snapshot(const resolved_model &model, const writer_options &options)
{
    string_sink text;
    write_api_snapshot(model, options, text);
    return text.take();
}

bool is_api_snapshot(std::string_view text)
{
    auto parsed = json::parse(text.begin(), text.end(), nullptr, false);
    return parsed.is_object() && parsed.contains("ucom_api");
}

} // namespace ucom::idl
