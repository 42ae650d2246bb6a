using System.Text.Json;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>Elements as a JSON array of numbers, flat or nested to any depth (the REST protocol's <c>data</c>).</summary>
public sealed class JsonTensorData(JsonElement data) : TensorData
{
    /// <inheritdoc/>
    public override float[] ToFloats(string input, int expected)
    {
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            throw new InferenceException($"Input '{input}' has no data: give 'data', or 'parameters': {{\"binary_data_size\": N}} with the binary tensor data extension.");
        }

        float[] values = new float[expected];
        int count = 0;
        var pending = new Stack<JsonElement.ArrayEnumerator>();
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(input, data);
        }

        // Iterative, not recursive: nesting depth is bounded by the JSON reader, but a walk should not lean on that.
        pending.Push(data.EnumerateArray());
        while (pending.Count > 0)
        {
            JsonElement.ArrayEnumerator items = pending.Pop();
            if (!items.MoveNext())
            {
                continue;
            }

            pending.Push(items);
            JsonElement item = items.Current;
            if (item.ValueKind == JsonValueKind.Array)
            {
                pending.Push(item.EnumerateArray());
            }
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetSingle(out float value) && float.IsFinite(value))
            {
                if (count == expected)
                {
                    throw WrongCount(input, $"more than {expected} values", expected);
                }

                values[count++] = value;
            }
            else
            {
                throw Unexpected(input, item);
            }
        }

        return count == expected ? values : throw WrongCount(input, $"{count} values", expected);
    }

    private static InferenceException Unexpected(string input, JsonElement element) =>
        new($"Input '{input}' holds {(element.ValueKind == JsonValueKind.Number ? "a number that is not a finite FP32" : element.ValueKind.ToString())} where FP32 numbers are expected.");
}
