namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// The parameters this server honours, and where: it accepts those it acts on and refuses the rest with an error that
/// names them, never dropping one silently.
/// <list type="bullet">
/// <item>request: <c>binary_data_output</c> (bool): every output as binary data (binary tensor data extension);</item>
/// <item>input: <c>binary_data_size</c> (int64): the input's bytes follow the JSON header (same extension);</item>
/// <item>output: <c>binary_data</c> (bool) for this output, and <c>classification</c> (int64 k): the top k classes as
/// BYTES <c>"value:index:label"</c> (classification extension).</item>
/// </list>
/// </summary>
public static class InferParameters
{
    /// <summary>The request parameter asking for every output as binary data.</summary>
    public const string BinaryDataOutput = "binary_data_output";

    /// <summary>The input and response-output parameter giving a tensor's size in binary data, in bytes.</summary>
    public const string BinaryDataSize = "binary_data_size";

    /// <summary>The output parameter asking for that output as binary data.</summary>
    public const string BinaryData = "binary_data";

    /// <summary>The output parameter asking for the top k classes.</summary>
    public const string Classification = "classification";

    /// <summary>Checks every parameter of <paramref name="call"/>; returns whether outputs are binary unless they say otherwise.</summary>
    /// <exception cref="InferenceException">A parameter this server does not honour, or a value of the wrong type.</exception>
    public static bool Check(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (InputTensor input in call.Inputs)
        {
            foreach ((string name, ParameterValue value) in input.Parameters)
            {
                Require(name == BinaryDataSize && value.IntValue >= 0, name, value, $"input '{input.Name}'", $"'{BinaryDataSize}' (a byte count)");
            }
        }

        foreach ((string name, ParameterValue value) in call.Parameters)
        {
            Require(name == BinaryDataOutput && value.BoolValue is not null, name, value, "the request", $"'{BinaryDataOutput}' (true or false)");
        }

        return call.Parameters.TryGetValue(BinaryDataOutput, out ParameterValue all) && all.BoolValue == true;
    }

    /// <summary>What <paramref name="output"/> asks for: the top k classes (0: the scores themselves) and binary data or not.</summary>
    public static (int Classification, bool Binary) Of(RequestedOutput output, bool binaryByDefault, int classCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        int classification = 0;
        bool binary = binaryByDefault;
        foreach ((string name, ParameterValue value) in output.Parameters)
        {
            string where = $"output '{output.Name}'";
            const string Accepted = $"'{BinaryData}' (true or false) and '{Classification}' (a class count)";
            if (name == Classification)
            {
                Require(value.IntValue is >= 1 && value.IntValue <= classCount, name, value, where, $"'{Classification}' from 1 to the model's {classCount} classes");
                classification = (int)value.IntValue!.Value;
            }
            else
            {
                Require(name == BinaryData && value.BoolValue is not null, name, value, where, Accepted);
                binary = value.BoolValue!.Value;
            }
        }

        return (classification, binary);
    }

    private static void Require(bool accepted, string name, ParameterValue value, string where, string allowed)
    {
        if (!accepted)
        {
            throw new InferenceException($"Parameter '{name}' = {value} of {where} is not supported here; this server takes {allowed} there.");
        }
    }
}
