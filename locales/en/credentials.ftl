# Alibaba Cloud credential sources in `callboard check` (issue 14).
check-credentials-config = {"  "}credentials: access_key_id / access_key_secret in backend { $backend }{ $token ->
        [yes] {" "}with an STS security token
       *[no] {""}
    }
check-credentials-env = {"  "}credentials: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET from the environment{ $token ->
        [yes] {" "}with ALIBABA_CLOUD_SECURITY_TOKEN
       *[no] {""}
    }
check-credentials-profile = {"  "}credentials: profile '{ $name }' from { $path } ({ $mode })
check-credentials-ecs = {"  "}credentials: ECS RAM role '{ $role }' from the metadata service { $url }
check-credentials-expires = {"  "}temporary credentials, renewed before they expire (now valid until { $until } UTC)
