#include "infra/aws/aws_json_error.hpp"

#include <boost/json.hpp>

namespace shiftsync {
namespace {

std::string Printable(std::string_view text, std::size_t limit) {
    std::string out;
    for (char c : text) {
        if (out.size() == limit) break;
        const auto u = static_cast<unsigned char>(c);
        out += (u >= ' ' && u < 0x7f) ? c : '?';
    }
    return out;
}

std::string_view StringField(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

}  // namespace

AwsJsonError ParseAwsJsonError(std::string_view body) {
    boost::system::error_code error;
    const boost::json::value document = boost::json::parse(body, error);
    const boost::json::object* object = error ? nullptr : document.if_object();
    if (object == nullptr) return {};
    std::string_view type = StringField(*object, "__type");
    if (const auto hash = type.rfind('#'); hash != std::string_view::npos) type.remove_prefix(hash + 1);
    if (const auto colon = type.find(':'); colon != std::string_view::npos) type = type.substr(0, colon);
    std::string_view message = StringField(*object, "message");
    if (message.empty()) message = StringField(*object, "Message");
    return {Printable(type, 100), Printable(message, 300)};
}

}  // namespace shiftsync
