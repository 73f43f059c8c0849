using System.Globalization;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>A process's CPU time and memory from /proc (Linux), read before and after each measured run.</summary>
public static class ProcessStats
{
    /// <summary>utime + stime (fields 14 and 15 of /proc/&lt;pid&gt;/stat) in seconds.</summary>
    public static double CpuSeconds(int pid, int clockTicks)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (double)ticks / clockTicks;
    }

    /// <summary>
    /// The CPU seconds of a process and all its descendants, running or exited (a PostgreSQL postmaster and its
    /// backends): utime + stime of each live one plus cutime + cstime (fields 16, 17), the time of waited-for children.
    /// </summary>
    public static double TreeCpuSeconds(int pid, int clockTicks)
    {
        var processes = new Dictionary<int, string[]>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    processes[id] = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                }
                catch (IOException)
                {
                    // Exited while listing: its time is now in its parent's cutime.
                }
            }
        }

        var children = processes.ToLookup(process => int.Parse(process.Value[1], CultureInfo.InvariantCulture), process => process.Key);
        long ticks = 0;
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var id))
        {
            if (processes.TryGetValue(id, out var fields))
            {
                for (var field = 11; field <= 14; field++)
                {
                    ticks += long.Parse(fields[field], CultureInfo.InvariantCulture);
                }

                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        return (double)ticks / clockTicks;
    }

    /// <summary>A <c>Vm…</c> line of /proc/&lt;pid&gt;/status (VmRSS now, VmHWM the peak) in MB.</summary>
    public static double MemoryMegabytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
