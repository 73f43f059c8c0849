using System.Linq.Expressions;
using System.Text;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Gatehouse.Server.ManagementApi.Search;

/// <summary>
/// Okta's <c>search</c>/<c>filter</c> parameter, a subset of SCIM filters (RFC 7644 §3.4.2.2): <c>attr eq|sw|co "value"</c>,
/// <c>attr gt|ge|lt|le "value"</c>, <c>attr pr</c>, <c>and</c>, <c>or</c> and parentheses. Date attributes take ISO-8601
/// values (<c>lastUpdated gt "2026-01-01T00:00:00.000Z"</c>) and compare as instants. String comparisons are case-insensitive, as Okta's: the
/// Okta CLI looks up <c>profile.name eq "everyone"</c>. Translated to a LINQ predicate that EF Core runs in SQL.
/// An attribute is compared as <c>lower(column)</c>, which no index serves, unless it is declared with
/// <see cref="NoCase"/>: then the column itself is compared under SQLite's <c>NOCASE</c> collation and its prefixes
/// with <c>LIKE</c>, so that an index on a <c>NOCASE</c> column answers <c>eq</c>, <c>sw</c>, <c>gt</c>… (a search
/// over 100,000 users is an index look-up, not a scan; docs/performance.md).
/// </summary>
internal static class SearchExpression
{
    private static readonly System.Reflection.MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly System.Reflection.MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly System.Reflection.MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly System.Reflection.MethodInfo NoCaseMarker = typeof(SearchExpression).GetMethod(nameof(NoCase))!;
    private static readonly System.Reflection.MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly System.Reflection.MethodInfo Collate = typeof(RelationalDbFunctionsExtensions).GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!
        .MakeGenericMethod(typeof(string));

    /// <summary>
    /// Declares, inside an attribute expression (<c>user =&gt; SearchExpression.NoCase(user.LastName)</c>), that the
    /// column is collated <c>NOCASE</c> in the store (Storage/Configurations) and indexed: comparisons then use the
    /// column as it is, without <c>lower()</c>, so that SQLite can use the index. The semantics stay those of the other
    /// attributes: ASCII case-insensitive (SQLite's <c>lower()</c>, <c>NOCASE</c> and <c>LIKE</c> all fold ASCII only).
    /// Outside an expression it is the identity.
    /// </summary>
    public static string? NoCase(string? column) => column;

    /// <summary>A <c>LIKE</c> pattern (escape character <c>\</c>) that matches <paramref name="text"/> literally.</summary>
    public static string EscapeLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
    }

    /// <summary>
    /// Parses <paramref name="text"/> against the searchable attributes; null when it is not a valid search.
    /// <paramref name="collections"/> are multi-valued attributes (the System Log's <c>target.id</c>): a comparison on
    /// one holds when any of its values satisfies it, as in SCIM (RFC 7644 §3.4.2.2, multi-valued attributes).
    /// </summary>
    public static Expression<Func<T, bool>>? TryParse<T>(
        string text,
        IReadOnlyDictionary<string, Expression<Func<T, string?>>> attributes,
        IReadOnlyDictionary<string, Expression<Func<T, DateTimeOffset?>>>? dates = null,
        IReadOnlyDictionary<string, Expression<Func<T, IEnumerable<string>>>>? collections = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return null;
        }

        var parameter = Expression.Parameter(typeof(T), "item");
        var parser = new Parser<T>(
            tokens,
            attributes,
            dates ?? new Dictionary<string, Expression<Func<T, DateTimeOffset?>>>(),
            collections ?? new Dictionary<string, Expression<Func<T, IEnumerable<string>>>>(),
            parameter);
        var body = parser.ParseOr();
        return body is null || !parser.AtEnd ? null : Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private static List<Token>? Tokenize(string text)
    {
        var tokens = new List<Token>();
        for (var index = 0; index < text.Length;)
        {
            var character = text[index];
            if (char.IsWhiteSpace(character))
            {
                index++;
            }
            else if (character is '(' or ')')
            {
                tokens.Add(new Token(character.ToString(), Quoted: false));
                index++;
            }
            else if (character == '"')
            {
                var value = new StringBuilder();
                index++;
                while (index < text.Length && text[index] != '"')
                {
                    if (text[index] == '\\' && index + 1 < text.Length)
                    {
                        index++;
                    }

                    value.Append(text[index++]);
                }

                if (index >= text.Length)
                {
                    return null;
                }

                index++;
                tokens.Add(new Token(value.ToString(), Quoted: true));
            }
            else
            {
                var start = index;
                while (index < text.Length && !char.IsWhiteSpace(text[index]) && text[index] is not '(' and not ')' and not '"')
                {
                    index++;
                }

                tokens.Add(new Token(text[start..index], Quoted: false));
            }
        }

        return tokens;
    }

    private sealed record Token(string Text, bool Quoted)
    {
        public bool Is(string keyword) => !Quoted && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Parser<T>(
        List<Token> tokens,
        IReadOnlyDictionary<string, Expression<Func<T, string?>>> attributes,
        IReadOnlyDictionary<string, Expression<Func<T, DateTimeOffset?>>> dates,
        IReadOnlyDictionary<string, Expression<Func<T, IEnumerable<string>>>> collections,
        ParameterExpression parameter)
    {
        private int _position;

        public bool AtEnd => _position == tokens.Count;

        public Expression? ParseOr()
        {
            var left = ParseAnd();
            while (left is not null && Next()?.Is("or") == true)
            {
                _position++;
                var right = ParseAnd();
                left = right is null ? null : Expression.OrElse(left, right);
            }

            return left;
        }

        private Expression? ParseAnd()
        {
            var left = ParseComparison();
            while (left is not null && Next()?.Is("and") == true)
            {
                _position++;
                var right = ParseComparison();
                left = right is null ? null : Expression.AndAlso(left, right);
            }

            return left;
        }

        private Expression? ParseComparison()
        {
            if (Take() is not { } first)
            {
                return null;
            }

            if (first.Is("("))
            {
                var inner = ParseOr();
                return inner is not null && Take()?.Is(")") == true ? inner : null;
            }

            if (!first.Quoted && dates.TryGetValue(first.Text, out var date))
            {
                return ParseDateComparison(Replace(date));
            }

            if (!first.Quoted && collections.TryGetValue(first.Text, out var collection))
            {
                return ParseCollectionComparison(Replace(collection));
            }

            if (first.Quoted || !attributes.TryGetValue(first.Text, out var attribute))
            {
                return null;
            }

            return ParseOperation(Replace(attribute));
        }

        /// <summary><c>collection.Any(value => value op operand)</c>, which EF Core runs over SQLite's <c>json_each</c>.</summary>
        private MethodCallExpression? ParseCollectionComparison(Expression collection)
        {
            var element = Expression.Parameter(typeof(string), "value");
            if (ParseOperation(element) is not { } test)
            {
                return null;
            }

            var any = typeof(Enumerable).GetMethods()
                .Single(method => method.Name == nameof(Enumerable.Any) && method.GetParameters().Length == 2)
                .MakeGenericMethod(typeof(string));
            return Expression.Call(any, collection, Expression.Lambda<Func<string, bool>>(test, element));
        }

        /// <summary><c>op "operand"</c> or <c>pr</c> applied to a string <paramref name="value"/>.</summary>
        private Expression? ParseOperation(Expression value)
        {
            if (Take() is not { Quoted: false } op)
            {
                return null;
            }

            if (op.Is("pr"))
            {
                return Expression.NotEqual(value, Expression.Constant(null, typeof(string)));
            }

            if (Take() is not { Quoted: true } operand)
            {
                return null;
            }

            if (value is MethodCallExpression call && call.Method == NoCaseMarker)
            {
                return ParseNoCaseOperation(call.Arguments[0], op, operand.Text);
            }

            var lowered = Expression.Call(value, ToLower);
            var constant = Expression.Property(Expression.Constant(new Operand(operand.Text.ToLowerInvariant())), nameof(Operand.Value));
            return op.Text.ToLowerInvariant() switch
            {
                "eq" => Expression.Equal(lowered, constant),
                "sw" => Expression.Call(lowered, StartsWith, constant),
                "co" => Expression.Call(lowered, Contains, constant),
                // string.Compare(a, b) > 0 is translated by EF Core to a > b in SQL.
                "gt" or "ge" or "lt" or "le" => Order(op.Text, Expression.Call(Compare, lowered, constant), Expression.Constant(0)),
                _ => null,
            };
        }

        /// <summary>
        /// <c>op "operand"</c> on a <c>NOCASE</c> column: <c>column COLLATE NOCASE = @value</c> (and <c>&lt;</c>, <c>&gt;</c>…),
        /// <c>column LIKE @prefix || '%'</c> for <c>sw</c>. The explicit <c>COLLATE</c> keeps the comparison case-insensitive
        /// whatever the column's declared collation; SQLite's <c>LIKE</c> is case-insensitive by itself and uses a
        /// <c>NOCASE</c> index for a prefix (the "LIKE optimization", case_sensitive_like being off).
        /// </summary>
        private static Expression? ParseNoCaseOperation(Expression column, Token op, string operand)
        {
            var functions = Expression.Property(null, typeof(EF), nameof(EF.Functions));
            var collated = Expression.Call(Collate, functions, column, Expression.Constant("NOCASE"));
            Expression Pattern(string pattern) =>
                Expression.Call(Like, functions, column, Expression.Property(Expression.Constant(new Operand(pattern)), nameof(Operand.Value)), Expression.Constant("\\"));
            var constant = Expression.Property(Expression.Constant(new Operand(operand)), nameof(Operand.Value));
            return op.Text.ToLowerInvariant() switch
            {
                "eq" => Expression.Equal(collated, constant),
                "sw" => Pattern(EscapeLike(operand) + "%"),
                "co" => Pattern("%" + EscapeLike(operand) + "%"),
                "gt" or "ge" or "lt" or "le" => Order(op.Text, Expression.Call(Compare, collated, constant), Expression.Constant(0)),
                _ => null,
            };
        }

        /// <summary><c>date eq|gt|ge|lt|le "ISO-8601"</c> or <c>date pr</c>; a value that is not a date makes the search invalid.</summary>
        private BinaryExpression? ParseDateComparison(Expression value)
        {
            if (Take() is not { Quoted: false } op)
            {
                return null;
            }

            if (op.Is("pr"))
            {
                return Expression.NotEqual(value, Expression.Constant(null, typeof(DateTimeOffset?)));
            }

            if (Take() is not { Quoted: true } operand
                || !DateTimeOffset.TryParse(operand.Text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
            {
                return null;
            }

            var constant = Expression.Convert(
                Expression.Property(Expression.Constant(new DateOperand(instant.ToUniversalTime())), nameof(DateOperand.Value)), typeof(DateTimeOffset?));
            return op.Is("eq") ? Expression.Equal(value, constant) : Order(op.Text, value, constant);
        }

        private static BinaryExpression? Order(string op, Expression left, Expression right) => op.ToLowerInvariant() switch
        {
            "gt" => Expression.GreaterThan(left, right),
            "ge" => Expression.GreaterThanOrEqual(left, right),
            "lt" => Expression.LessThan(left, right),
            "le" => Expression.LessThanOrEqual(left, right),
            _ => null,
        };

        private Expression Replace<TValue>(Expression<Func<T, TValue>> attribute) =>
            ReplacingExpressionVisitor.Replace(attribute.Parameters[0], parameter, attribute.Body);

        private Token? Next() => _position < tokens.Count ? tokens[_position] : null;

        private Token? Take() => _position < tokens.Count ? tokens[_position++] : null;
    }

    /// <summary>A closure, so that EF Core sends the value as a SQL parameter.</summary>
    private sealed record Operand(string Value);

    private sealed record DateOperand(DateTimeOffset Value);
}
