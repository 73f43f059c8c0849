using System.Diagnostics;
using System.Globalization;

using Gatehouse.Core.Identifiers;

using Microsoft.Data.Sqlite;

// Grows a Gatehouse database to --to users, by bulk insert: hashing a million passwords one by one through the
// API would take hours. Every new row copies a template user (the seed's first user: its password hash, status,
// settings) and changes only what must differ, so columns that other features add keep sensible values.
// Logins and last names follow the load driver's (string.Format(--format, i), "Bench{i:D4}"), so `signin --users N`
// picks among all of them. Run it while Gatehouse is stopped.
//   UserDirectory --db DATA/gatehouse.db --to 100000 [--format user{0:D4}@bench.test] [--template user0000@bench.test]
var options = args.Chunk(2).ToDictionary(pair => pair[0].TrimStart('-'), pair => pair[1], StringComparer.Ordinal);
var database = options["db"];
var target = int.Parse(options["to"], CultureInfo.InvariantCulture);
var format = options.GetValueOrDefault("format", "user{0:D4}@bench.test");
var template = options.GetValueOrDefault("template", string.Format(CultureInfo.InvariantCulture, format, 0));

using var connection = new SqliteConnection($"Data Source={database}");
connection.Open();
using (var pragma = connection.CreateCommand())
{
    // The server's settings are FULL sync; for a bulk load into a copy that is rebuilt on failure, NORMAL suffices.
    pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
    pragma.ExecuteNonQuery();
}

var columns = new List<string>();
using (var info = connection.CreateCommand())
{
    info.CommandText = "SELECT name FROM pragma_table_info('AspNetUsers')";
    using var reader = info.ExecuteReader();
    while (reader.Read())
    {
        columns.Add(reader.GetString(0));
    }
}

long existing;
using (var count = connection.CreateCommand())
{
    count.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
    existing = (long)count.ExecuteScalar()!;
}

var clock = Stopwatch.StartNew();
using var transaction = connection.BeginTransaction();
using var insert = connection.CreateCommand();
insert.Transaction = transaction;
// INSERT … SELECT from the template row: the parameters replace only the columns that identify a user.
var changed = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["Id"] = "$id",
    ["UserName"] = "$login",
    ["NormalizedUserName"] = "$normalized",
    ["Email"] = "$login",
    ["NormalizedEmail"] = "$normalized",
    ["LastName"] = "$lastName",
    ["SecurityStamp"] = "$stamp",
    ["ConcurrencyStamp"] = "$stamp",
};
insert.CommandText = $"INSERT INTO AspNetUsers ({string.Join(", ", columns.Select(Quote))}) SELECT "
    + string.Join(", ", columns.Select(column => changed.GetValueOrDefault(column, Quote(column))))
    + " FROM AspNetUsers WHERE NormalizedUserName = $template";
var id = insert.Parameters.Add("$id", SqliteType.Text);
var login = insert.Parameters.Add("$login", SqliteType.Text);
var normalized = insert.Parameters.Add("$normalized", SqliteType.Text);
var lastName = insert.Parameters.Add("$lastName", SqliteType.Text);
var stamp = insert.Parameters.Add("$stamp", SqliteType.Text);
insert.Parameters.AddWithValue("$template", template.ToUpperInvariant());
insert.Prepare();

var added = 0;
for (var index = (int)existing; index < target; index++)
{
    var name = string.Format(CultureInfo.InvariantCulture, format, index);
    id.Value = OktaId.NewUserId();
    login.Value = name;
    normalized.Value = name.ToUpperInvariant(); // Identity's UpperInvariantLookupNormalizer
    lastName.Value = $"Bench{index:D4}";
    stamp.Value = Guid.NewGuid().ToString("N");
    if (insert.ExecuteNonQuery() != 1)
    {
        Console.Error.WriteLine($"The template user '{template}' is not in the database.");
        return 1;
    }

    added++;
}

transaction.Commit();
Console.WriteLine($"{added} users added ({existing} before, {target} now) in {clock.Elapsed.TotalSeconds:F1} s.");
return 0;

static string Quote(string column) => $"\"{column}\"";
