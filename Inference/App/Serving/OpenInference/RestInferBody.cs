using System.Globalization;
using System.Text.Json;
using AlexNetMl.Inference.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>
/// Infer bodies over REST, both ways: a JSON request, or a JSON header followed by binary tensor data (the binary tensor
/// data extension: <c>Inference-Header-Content-Length</c> gives the header's length, each binary input its
/// <c>binary_data_size</c>, in input order), read into an <see cref="InferenceCall"/>; an <see cref="InferenceOutcome"/>
/// written back as JSON, or as a JSON header and binary outputs when any output asks for binary data.
/// </summary>
public static class RestInferBody
{
    /// <summary>The header giving the JSON part's length in bytes, on binary requests and responses.</summary>
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>Reads <paramref name="body"/> (the whole request body) as a call of model <paramref name="name"/>, version <paramref name="version"/>.</summary>
    /// <exception cref="InferenceException">The body is not a well-formed infer request.</exception>
    public static InferenceCall Read(ReadOnlyMemory<byte> body, string? headerLength, string name, string? version)
    {
        int jsonLength = body.Length;
        if (headerLength is not null)
        {
            if (!int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out jsonLength) || jsonLength > body.Length)
            {
                throw new InferenceException($"{HeaderLength} is '{headerLength}', but the body has {body.Length} bytes; give the JSON header's length in bytes.");
            }
        }

        InferRequest request = Parse(body[..jsonLength]);
        ReadOnlyMemory<byte> binary = body[jsonLength..];
        var inputs = new List<InputTensor>();
        foreach (InferInput input in request.Inputs ?? [])
        {
            Dictionary<string, ParameterValue> parameters = Parameters(input.Parameters);
            TensorData data = new JsonTensorData(input.Data);
            if (parameters.TryGetValue(InferParameters.BinaryDataSize, out ParameterValue size) && size.IntValue is long bytes and >= 0)
            {
                if (input.Data.ValueKind != JsonValueKind.Undefined)
                {
                    throw new InferenceException($"Input '{input.Name}' has both 'data' and '{InferParameters.BinaryDataSize}'; send one.");
                }

                if (bytes > binary.Length)
                {
                    throw new InferenceException($"Input '{input.Name}' says {InferParameters.BinaryDataSize} {bytes}, but only {binary.Length} bytes of binary data are left in the body.");
                }

                data = new RawTensorData(binary[..(int)bytes]);
                binary = binary[(int)bytes..];
            }

            inputs.Add(new InputTensor(input.Name ?? "", input.Datatype ?? "", input.Shape ?? [], data, parameters));
        }

        if (binary.Length > 0)
        {
            throw new InferenceException($"The body has {binary.Length} bytes after the JSON that no input's {InferParameters.BinaryDataSize} claims.");
        }

        var outputs = (request.Outputs ?? []).Select(o => new RequestedOutput(o.Name ?? "", Parameters(o.Parameters))).ToArray();
        return new InferenceCall(name, version, request.Id, inputs, outputs, Parameters(request.Parameters));
    }

    /// <summary>Writes <paramref name="outcome"/> as the response: JSON, or a JSON header and binary data.</summary>
    public static IResult Write(InferenceOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var binary = new List<byte[]>();
        InferOutput[] outputs = [.. outcome.Outputs.Select(o =>
        {
            if (!o.Binary)
            {
                return new InferOutput(o.Name, o.Shape, o.Datatype, (object?)o.Fp32 ?? o.Strings);
            }

            byte[] raw = o.ToRawBytes();
            binary.Add(raw);
            return new InferOutput(o.Name, o.Shape, o.Datatype, null, new Dictionary<string, long> { [InferParameters.BinaryDataSize] = raw.Length });
        })];
        var response = new InferResponse(outcome.ModelName, outcome.ModelVersion, outcome.Id, outputs);
        if (binary.Count == 0)
        {
            return Results.Ok(response);
        }

        byte[] header = JsonSerializer.SerializeToUtf8Bytes(response, JsonSerializerOptions.Web);
        byte[] body = [.. header, .. binary.SelectMany(b => b)];
        return new BinaryInferResult(body, header.Length);
    }

    private static InferRequest Parse(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new InferenceException("The body is empty; send an infer request as JSON.");
        }

        try
        {
            return JsonSerializer.Deserialize<InferRequest>(json.Span, JsonSerializerOptions.Web) ?? throw new InferenceException("The body is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InferenceException($"The body is not an infer request: {e.Message.Split('.')[0]}.");
        }
    }

    private static Dictionary<string, ParameterValue> Parameters(IReadOnlyDictionary<string, JsonElement>? parameters) =>
        (parameters ?? new Dictionary<string, JsonElement>()).ToDictionary(p => p.Key, p => p.Value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => new ParameterValue(BoolValue: p.Value.GetBoolean()),
            JsonValueKind.Number when p.Value.TryGetInt64(out long number) => new ParameterValue(IntValue: number),
            JsonValueKind.String => new ParameterValue(StringValue: p.Value.GetString()),
            _ => new ParameterValue(Unsupported: p.Value.GetRawText()),
        });

    // The binary response: the JSON header, then each binary output's bytes in output order.
    private sealed class BinaryInferResult(byte[] body, int headerLength) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[HeaderLength] = headerLength.ToString(CultureInfo.InvariantCulture);
            return Results.Bytes(body, "application/octet-stream").ExecuteAsync(httpContext);
        }
    }
}
