using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Contracts;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Tenancy;

namespace Switchboard.Gateway.Web;

/// <summary>
/// The web port's JSON calls: the request and response are the gRPC messages in protobuf's JSON form, so a
/// browser call and a gRPC call are the same call; refusals keep their meaning as HTTP statuses.
/// </summary>
public static class ProtoJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>Zeros and empty lists are written too, so pages need no defaults of their own.</summary>
    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>Reads a <typeparamref name="TRequest"/> from the body, runs the action for the caller's tenant, writes the answer.</summary>
    public static async Task Handle<TRequest, TResponse>(HttpContext http, Func<CallerIdentity, TRequest, Task<TResponse>> action)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        try
        {
            TenantContext.Of(http);
            var caller = WebCaller.Of(http);
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var request = body.Length == 0 ? new TRequest() : Parser.Parse<TRequest>(body);
            var response = await action(caller, request);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Formatter.Format(response), http.RequestAborted);
        }
        catch (InvalidJsonException e)
        {
            await Refuse(http, StatusCode.InvalidArgument, $"The body is not a valid {typeof(TRequest).Name} in JSON: {e.Message}");
        }
        catch (InvalidProtocolBufferException e)
        {
            await Refuse(http, StatusCode.InvalidArgument, $"The body is not a valid {typeof(TRequest).Name} in JSON: {e.Message}");
        }
        catch (RpcException e)
        {
            await Refuse(http, e.StatusCode, e.Status.Detail);
        }
        catch (Exception e) when (RpcErrors.IsAnswered(e))
        {
            await Refuse(http, e);
        }
    }

    /// <summary>Writes the refusal a failure <see cref="RpcErrors.IsAnswered"/> maps to, as a gRPC call would get it.</summary>
    public static Task Refuse(HttpContext http, Exception failure)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProtoJson).FullName!);
        var (code, message) = RpcErrors.Refusal(failure, logger, http.Request.Path);
        return Refuse(http, code, message);
    }

    /// <summary>Writes a refusal: the HTTP status that matches the gRPC one, and the same sentence.</summary>
    public static Task Refuse(HttpContext http, StatusCode code, string message)
    {
        http.Response.StatusCode = HttpStatusOf(code);
        return http.Response.WriteAsJsonAsync(new { code = code.ToString(), message }, http.RequestAborted);
    }

    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
