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

    /// <summary>A <c>Vm…</c> line of /proc/&lt;pid&gt;/status (VmRSS now, VmHWM the peak) in MB.</summary>
    public static double MemoryMegabytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
