using System.Text;

namespace AlexNetMl.Contract.Programs;

/// <summary>Makes text from files and models safe to print: no control characters reach the terminal.</summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> without control characters (C0, DEL, C1), line breaks folded to spaces.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\n' or '\r' or '\t')
            {
                clean.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>The first line of <paramref name="message"/>, trimmed: what a one-line error quotes of a library's message.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Split('\n', 2)[0].Trim();
    }
}
