namespace Gatehouse.Server.SystemLog;

/// <summary>
/// Okta's keyword filter <c>q</c> matches whole keywords, case-insensitively, and splits hyphenated values into their
/// parts as well (System Log API, "Keyword filter"). The keywords of an event are stored as <c>" a b c "</c> so that a
/// keyword matches with one <c>instr</c> on <c>" keyword "</c>.
/// </summary>
internal static class LogKeywords
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', ';', '(', ')', '"'];

    public static string Of(LogEventDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var values = new List<string?>
        {
            document.EventType, document.DisplayMessage, document.Outcome.Result, document.Outcome.Reason, document.Severity,
            document.Client?.IpAddress, document.Transaction.Id,
        };
        foreach (var entity in document.Target.Prepend(document.Actor))
        {
            values.AddRange([entity.Id, entity.Type, entity.AlternateId, entity.DisplayName]);
        }

        var keywords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in values.Where(value => !string.IsNullOrEmpty(value)).SelectMany(value => value!.Split(Separators, StringSplitOptions.RemoveEmptyEntries)))
        {
            var lowered = word.ToLowerInvariant();
            keywords.Add(lowered);
            if (lowered.Contains('-', StringComparison.Ordinal))
            {
                keywords.UnionWith(lowered.Split('-', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return " " + string.Join(' ', keywords) + " ";
    }
}
