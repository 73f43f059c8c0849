using Microsoft.AspNetCore.Routing.Patterns;

namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// A matched <c>/api/v1</c> route seen as Okta's resource path: a parameter after a collection (<c>users/{id}</c>) is an
/// object id, erased to <c>{}</c> in <see cref="Template"/> and listed in <see cref="Ids"/>; any other parameter is
/// part of the operation and keeps its value (<c>lifecycle/{operation}</c> → <c>lifecycle/suspend</c>). So the event
/// table matches whatever the parameters are called and however an endpoint splits its routes.
/// </summary>
internal sealed record RouteShape(string Template, IReadOnlyList<(string Collection, string Id)> Ids, string? LastCollection)
{
    public static readonly IReadOnlySet<string> Collections = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "users", "groups", "apps", "authorizationServers", "policies", "rules", "trustedOrigins", "secrets", "api-tokens",
        "scopes", "claims", "keys", "roles", "clients", "grants", "tokens",
    };

    public static RouteShape Of(RoutePattern pattern, RouteValueDictionary values)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(values);
        var segments = new List<string>();
        var ids = new List<(string, string)>();
        string? previous = null;
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Empty;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternSeparatorPart separator:
                        text += separator.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        var value = values[parameter.Name]?.ToString() ?? string.Empty;
                        if (previous is not null && Collections.Contains(previous) && segment.Parts.Count == 1)
                        {
                            ids.Add((previous, value));
                            text += "{}";
                        }
                        else
                        {
                            text += value;
                        }

                        break;
                }
            }

            segments.Add(text);
            previous = text;
        }

        var template = "/" + string.Join('/', segments);
        const string prefix = "/api/v1";
        template = template.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? template[prefix.Length..] : template;
        var last = segments.Count > 0 && Collections.Contains(segments[^1]) ? segments[^1] : null;
        return new RouteShape(template.TrimEnd('/'), ids, last);
    }
}
